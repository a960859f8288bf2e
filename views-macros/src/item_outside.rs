//! `#[button]` and `#[select]` used on their own: they only mean something
//! inside a `#[view]` impl block, which consumes them before they expand.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// The item unchanged plus an error on it.
pub fn expand(name: &str, item: TokenStream) -> TokenStream {
    let error = syn::Error::new_spanned(
        &item,
        format!(
            "`#[{name}]` only works on a method inside a `#[view]` impl block; \
             add `#[view]` to the enclosing `impl`"
        ),
    );
    let mut out = error.to_compile_error();
    out.extend(item.into_token_stream());
    out
}
