//! The body of a layout view's `render`: one builder call per node of the
//! `#[layout]` tree, the items rendered as in an action-row view. Texts,
//! URLs and colours given as expressions are evaluated here, at each
//! render, with `self` in scope.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{Ident, spanned::Spanned};

use super::ast::{Accessory, Content, Media, Node, NodeKind, Spacing};
use crate::view_impl::expand::{flag, opt_string, string};

/// The rendered component of the item named so (validated to exist).
pub type ItemComponent<'f> = &'f dyn Fn(&Ident) -> Option<TokenStream>;

/// `Vec<Component>` of the top-level nodes.
pub fn render(nodes: &[Node], item: ItemComponent<'_>) -> TokenStream {
    list(nodes, item)
}

/// `Vec<Component>` of a list of nodes (the top level, a container's
/// children): through `present` when a gallery in it is listed at render,
/// since an empty one is left out.
fn list(nodes: &[Node], item: ItemComponent<'_>) -> TokenStream {
    let p = crate::support::path();
    let l = quote!(#p::layout);
    if nodes.iter().any(|node| listed_at_render(node).is_some()) {
        let entries = nodes.iter().map(|node| match listed_at_render(node) {
            Some(expr) => {
                let id = id(node);
                // Spanned at the expression: a wrong item type errors there.
                quote_spanned!(expr.span()=> #l::gallery_of(#expr, #id))
            }
            None => {
                let node = self::node(node, item);
                quote!(#p::Option::Some(#node))
            }
        });
        quote!(#l::present([#(#entries),*]))
    } else {
        let nodes = nodes.iter().map(|node| self::node(node, item));
        quote!(#p::Vec::from([#(#nodes),*]))
    }
}

/// The `items = EXPR` of a gallery listed at render.
const fn listed_at_render(node: &Node) -> Option<&syn::Expr> {
    match &node.kind {
        NodeKind::Gallery {
            listed_at_render: Some(expr),
            ..
        } => Some(expr),
        _ => None,
    }
}

fn id(node: &Node) -> TokenStream {
    let p = crate::support::path();
    match &node.id {
        Some((id, _)) => quote!(#p::Option::Some(#id)),
        None => quote!(#p::Option::None),
    }
}

fn node(node: &Node, item: ItemComponent<'_>) -> TokenStream {
    let p = crate::support::path();
    let l = quote!(#p::layout);
    let id = id(node);
    let children = |children: &[Node]| list(children, item);
    match &node.kind {
        NodeKind::Container {
            children: inner,
            accent,
            spoiler,
        } => {
            let inner = children(inner);
            let accent = match accent {
                None => quote!(#p::Option::None),
                // Spanned at the expression: a wrong type errors there.
                Some(expr) => quote_spanned!(expr.span()=> #l::accent(#expr)),
            };
            let spoiler = flag(spoiler.as_ref());
            quote!(#l::container(#inner, #accent, #spoiler, #id))
        }
        NodeKind::Section {
            children: texts,
            accessory,
        } => {
            let texts = children(texts);
            let accessory = match accessory {
                Some(Accessory::Item(name)) => item(name).unwrap_or_default(),
                Some(Accessory::Thumbnail(thumbnail)) => self::node(thumbnail, item),
                None => TokenStream::new(),
            };
            quote!(#l::section(#texts, #accessory, #id))
        }
        NodeKind::Text(content) => {
            let content = match content {
                Content::Lit(lit) => quote!(#p::String::from(#lit)),
                Content::Format { lit, args } => quote!(#p::format!(#lit, #(#args),*)),
                Content::Expr(expr) => quote!(#p::into_string(#expr)),
                Content::Missing => quote!(#p::String::new()),
            };
            quote!(#l::text(#content, #id))
        }
        NodeKind::Thumbnail(media) => {
            let (url, description, spoiler) = media_parts(media);
            quote!(#l::thumbnail(#url, #description, #spoiler, #id))
        }
        NodeKind::File(media) => {
            let (url, _, spoiler) = media_parts(media);
            quote!(#l::file(#url, #spoiler, #id))
        }
        // Only where galleries cannot stand (a section's texts), a tree
        // already refused: `list` renders the others.
        NodeKind::Gallery {
            listed_at_render: Some(_),
            ..
        } => quote!(#l::gallery(#p::Vec::new(), #id)),
        NodeKind::Gallery { items, .. } => {
            let items = items.iter().map(|media| {
                let (url, description, spoiler) = media_parts(media);
                quote!(#l::gallery_item(#url, #description, #spoiler))
            });
            quote!(#l::gallery(#p::Vec::from([#(#items),*]), #id))
        }
        NodeKind::Separator { divider, spacing } => {
            let divider = match divider {
                None => quote!(true),
                Some(expr) => flag(Some(expr)),
            };
            let spacing = match spacing {
                None => quote!(#p::Option::None),
                Some((Spacing::Small, _)) => quote!(#p::Option::Some(#l::Spacing::Small)),
                Some((Spacing::Large, _)) => quote!(#p::Option::Some(#l::Spacing::Large)),
            };
            quote!(#l::separator(#divider, #spacing, #id))
        }
        NodeKind::Row { items } => {
            let items = items.iter().filter_map(item);
            quote!(#l::row(#p::Vec::from([#(#items),*]), #id))
        }
    }
}

/// A media's URL, description and spoiler flag.
fn media_parts(media: &Media) -> (TokenStream, TokenStream, TokenStream) {
    let p = crate::support::path();
    let url = media
        .url
        .as_ref()
        .map_or_else(|| quote!(#p::String::new()), string);
    (
        url,
        opt_string(media.description.as_ref()),
        flag(media.spoiler.as_ref()),
    )
}
