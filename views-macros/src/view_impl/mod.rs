//! `#[view]` on a view's inherent impl block: collects the `#[button]` and
//! `#[select]` items and generates the `View` impl (dispatch table, render,
//! hooks). Parse (`attr`, `ast`) -> validate (`valid`, and `rows` for an
//! action-row view or `layout` for a `#[layout]` one) -> expand (`expand`),
//! or `fallback` when there are errors.

mod ast;
pub(crate) mod attr;
pub(crate) mod dynamic;
pub(crate) mod expand;
mod fallback;
mod layout;
mod rows;
pub(crate) mod valid;

use proc_macro2::TokenStream;
use syn::ItemImpl;

use crate::ctxt::Ctxt;

/// Expands `#[view(args)]` on `block`.
pub fn expand(args: TokenStream, block: ItemImpl) -> TokenStream {
    let mut cx = Ctxt::new();
    if !args.is_empty() {
        cx.error_spanned_by(
            &args,
            "view options go on the struct: `#[view(persistent)] struct MyView { .. }`; \
             the impl block takes a bare `#[view]`",
        );
    }
    impl_block(&mut cx, &block);
    let view = ast::from_impl(&mut cx, &block);
    valid::check(&mut cx, &view);
    match view.layout {
        Some(method) => {
            let nodes = layout::parse(&mut cx, method, &view.items);
            if cx.is_ok() {
                return expand::expand(&block, &view, &expand::Render::Layout(&nodes));
            }
        }
        None => {
            layout::valid::unique_ids(&mut cx, &[], &view.items);
            if let Some(rows) = rows::place(&mut cx, &view.items)
                && cx.is_ok()
            {
                return expand::expand(&block, &view, &expand::Render::Rows(&rows));
            }
        }
    }
    fallback::fallback(&block, cx.to_compile_errors())
}

/// `#[view]` needs the view's own non-generic inherent impl: a trait impl
/// has no place for items, and the dispatch table is a static per type.
fn impl_block(cx: &mut Ctxt, block: &ItemImpl) {
    if let Some((_, path, _)) = &block.trait_ {
        cx.error_spanned_by(
            path,
            "`#[view]` goes on the view's inherent impl block (`impl MyView { .. }`), not on a trait impl",
        );
    }
    if !block.generics.params.is_empty() {
        cx.error_spanned_by(
            &block.generics,
            "a `#[view]` impl cannot be generic: its dispatch table is one static per view type",
        );
    }
}
