//! The one path through which generated code reaches the runtime: the
//! facade's `__private` table. Everything the macros emit names the runtime
//! through these functions, so moving the table is a one-line change.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

/// `::twilight_views::__private`, at the macro's call site.
pub(crate) fn path() -> TokenStream {
    quote!(::twilight_views::__private)
}

/// `::twilight_views::__private`, with `span` (so errors in what it calls
/// point at the user's token).
pub(crate) fn path_at(span: Span) -> TokenStream {
    quote_spanned!(span=> ::twilight_views::__private)
}
