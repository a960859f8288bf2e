//! `#[view]` on a struct: the view's options (`persistent`, `timeout`).

mod attr;
mod expand;
mod valid;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::ctxt::Ctxt;

/// Expands `#[view(args)]` on `item`: the struct unchanged plus its
/// `ViewOptions` impl, or the struct plus the errors.
pub fn expand(args: TokenStream, item: syn::ItemStruct) -> TokenStream {
    let mut cx = Ctxt::new();
    let options = attr::parse(&mut cx, args);
    if let Some(options) = &options {
        valid::check(&mut cx, options);
    }
    match options {
        Some(options) if cx.is_ok() => {
            let mut out = item.to_token_stream();
            out.extend(expand::options_impl(&item, &options));
            out
        }
        _ => {
            let mut out = item.to_token_stream();
            out.extend(cx.to_compile_errors());
            out
        }
    }
}
