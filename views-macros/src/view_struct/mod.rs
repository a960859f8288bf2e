//! `#[view]` on a struct: the view's options (`persistent`, `timeout`,
//! `fingerprint`).

mod attr;
mod expand;
mod valid;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::ctxt::Ctxt;

/// Expands `#[view(args)]` on `item`: the struct unchanged plus its
/// `ViewOptions` impl, plus the errors if any.
pub fn expand(args: TokenStream, item: syn::ItemStruct) -> TokenStream {
    let mut cx = Ctxt::new();
    let options = attr::parse(&mut cx, args);
    valid::check(&mut cx, &options);
    // Emitted even with errors: without it, the `#[view]` impl block would
    // add a "no view options" error to the real one.
    let mut out = item.to_token_stream();
    out.extend(expand::options_impl(&item, &options));
    out.extend(cx.to_compile_errors());
    out
}
