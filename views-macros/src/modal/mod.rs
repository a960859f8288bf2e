//! `#[modal(title = "..", custom_id = "..")]` on a struct whose fields are
//! input fields (`#[text_input]`, `#[select]`, `#[checkbox]`,
//! `#[checkbox_group]`): implements `Modal` (building the modal and
//! parsing a submission into the struct). Parse (`attr`) -> validate
//! (`valid`) -> expand (`expand`); with errors, the struct is emitted with
//! its input attributes stripped, plus the errors.

mod attr;
mod expand;
mod valid;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::ctxt::Ctxt;

/// Expands `#[modal(args)]` on `item`.
pub fn expand(args: TokenStream, item: syn::ItemStruct) -> TokenStream {
    let mut cx = Ctxt::new();
    let modal = attr::parse(&mut cx, args, &item);
    valid::check(&mut cx, &modal, &item);
    let stripped = expand::strip(&item);
    if cx.is_ok() {
        expand::expand(&stripped, &modal)
    } else {
        let mut out = stripped.to_token_stream();
        out.extend(cx.to_compile_errors());
        out
    }
}
