//! `#[layout]`: a view's Components V2 tree, declared in a method of its
//! `#[view]` impl block. Parse (`ast`) -> validate (`valid`) -> expand
//! (`expand`), as the rest of the impl block; the items it places by name
//! are the block's `#[button]` and `#[select]` methods.

pub(crate) mod ast;
pub(crate) mod expand;
pub(crate) mod valid;

use syn::{FnArg, ImplItemFn, ReturnType};

use self::ast::Node;
use super::ast::Item;
use crate::ctxt::Ctxt;

/// The layout's top-level components, parsed and checked against the
/// block's `items`.
pub fn parse(cx: &mut Ctxt, method: &ImplItemFn, items: &[Item<'_>]) -> Vec<Node> {
    signature(cx, method);
    let before = cx.error_count();
    let nodes = ast::parse_body(cx, &method.block.stmts);
    // A tree that did not parse has lost nodes: "empty" or "item not
    // placed" would only echo the error already reported.
    let parsed = cx.error_count() == before;
    valid::check(cx, &method.sig.ident, &nodes, items, parsed);
    nodes
}

/// `fn layout(&self) { .. }`: it reads the view (`self.count` in a text)
/// and returns nothing, since its body is the tree itself.
fn signature(cx: &mut Ctxt, method: &ImplItemFn) {
    let sig = &method.sig;
    let receiver_ok = matches!(
        sig.inputs.first(),
        Some(FnArg::Receiver(receiver))
            if receiver.reference.is_some()
                && receiver.mutability.is_none()
                && receiver.colon_token.is_none()
    );
    let plain = sig.asyncness.is_none()
        && sig.generics.params.is_empty()
        && sig.inputs.len() == 1
        && matches!(sig.output, ReturnType::Default);
    if !receiver_ok || !plain {
        cx.error_spanned_by(
            &sig.ident,
            format!(
                "`#[layout]` goes on `fn {}(&self) {{ .. }}`: no other argument, no return type, \
                 not async; its body lists the components",
                sig.ident
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::view_impl;

    fn expand(block: syn::ItemImpl) -> String {
        view_impl::expand(proc_macro2::TokenStream::new(), block).to_string()
    }

    #[test]
    fn a_layout_view_renders_its_tree_and_consumes_the_method() {
        let out = expand(syn::parse_quote! {
            impl V {
                #[layout]
                fn layout(&self) {
                    container(
                        text("Count: {}", self.count),
                        section(text("a"), accessory = go),
                        accent_color = 0x5865F2,
                    );
                    row(other);
                }
                #[button(custom_id = "v:go", label = "Go")]
                async fn go(&self, ctx: ViewContext) {}
                #[button(custom_id = "v:other", label = "Other", id = 3)]
                async fn other(&self, ctx: ViewContext) {}
            }
        });
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains("const LAYOUT : bool = true"), "{out}");
        assert!(out.contains("layout :: container"), "{out}");
        assert!(
            out.contains("format ! (\"Count: {}\" , self . count)"),
            "{out}"
        );
        assert!(out.contains("layout :: with_id"), "{out}");
        assert!(!out.contains("fn layout"), "the method is consumed: {out}");
    }

    #[test]
    fn a_tree_that_does_not_parse_reports_once_and_falls_back() {
        let out = expand(syn::parse_quote! {
            impl V {
                #[layout]
                fn layout(&self) {
                    go;
                }
                #[button(custom_id = "v:go", label = "Go")]
                async fn go(&self, ctx: ViewContext) {}
            }
        });
        assert_eq!(out.matches("compile_error").count(), 1, "{out}");
        assert!(!out.contains("fn layout"), "{out}");
        assert!(out.contains("async fn go"), "{out}");
    }
}
