//! What `#[view]` emits when the impl block has errors: the user's items
//! unchanged (minus item attributes) and a minimal `View` impl, so the rest
//! of the crate still type-checks and one mistake gives one error.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{ImplItem, ItemImpl};

use super::ast::{is_item_attr, is_layout_attr};

/// The impl block without `#[button]` / `#[select]` attributes; link-button
/// consts get `#[allow(dead_code)]` since only the macro reads them. The
/// `#[layout]` method goes: its body is a tree the macro reads, not code.
pub fn strip_item_attrs(block: &ItemImpl) -> ItemImpl {
    let mut block = block.clone();
    block.items.retain(|member| match member {
        ImplItem::Fn(method) => !method.attrs.iter().any(is_layout_attr),
        _ => true,
    });
    for member in &mut block.items {
        match member {
            ImplItem::Fn(method) => method.attrs.retain(|attr| !is_item_attr(attr)),
            ImplItem::Const(konst) => {
                konst.attrs.retain(|attr| !is_layout_attr(attr));
                let before = konst.attrs.len();
                konst.attrs.retain(|attr| !is_item_attr(attr));
                if konst.attrs.len() != before {
                    konst.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
                }
            }
            ImplItem::Type(ty) => ty.attrs.retain(|attr| !is_item_attr(attr)),
            ImplItem::Macro(mac) => mac.attrs.retain(|attr| !is_item_attr(attr)),
            _ => {}
        }
    }
    block
}

/// The stripped impl block and an empty `View` impl.
pub fn fallback(block: &ItemImpl, errors: TokenStream) -> TokenStream {
    let stripped = strip_item_attrs(block);
    let self_ty = &block.self_ty;
    let p = crate::support::path();
    // A trait or generic impl cannot get a `View` impl: emit only the block.
    let view_impl = (block.trait_.is_none() && block.generics.params.is_empty()).then(|| {
        quote! {
            impl #p::View for #self_ty {
                fn items() -> &'static [#p::ItemSpec<Self>] {
                    &[]
                }
                fn render(&self, _: &#p::CustomIds) -> #p::Vec<#p::Component> {
                    #p::Vec::new()
                }
            }
        }
    });
    quote! {
        #stripped
        #view_impl
        #errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_item_attributes() {
        let block: ItemImpl = syn::parse_quote! {
            impl V {
                #[button(label = "x")]
                #[inline]
                async fn a(&self, ctx: ViewContext) {}
                #[button(url = "https://x.y", label = "x")]
                const L: () = ();
            }
        };
        let out = quote::ToTokens::to_token_stream(&strip_item_attrs(&block)).to_string();
        assert!(!out.contains("button"), "{out}");
        assert!(out.contains("inline"), "{out}");
        assert!(out.contains("allow (dead_code)"), "{out}");
    }

    #[test]
    fn fallback_keeps_errors_and_a_minimal_view() {
        let block: ItemImpl = syn::parse_quote!(impl V {});
        let out = fallback(&block, quote!(compile_error!("x");)).to_string();
        assert!(out.contains("View for V"), "{out}");
        assert!(out.contains("compile_error"), "{out}");
    }
}
