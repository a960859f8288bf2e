//! Typed model of a `#[view]` impl block: its items (buttons, link buttons,
//! selects) and hooks, built from the syntax tree with the item attributes
//! parsed. Rules are checked on this model in `valid.rs`.

use syn::{Attribute, Ident, ImplItem, ImplItemFn, ItemImpl, Meta, Path, Type};

use super::attr::{self, ButtonAttr, SelectAttr};
use crate::{args::Args, ctxt::Ctxt};

/// The item attributes `#[view]` collects (last path segment).
pub const ITEM_ATTRS: &[&str] = &["button", "select"];

/// Hook method names forwarded to the `View` trait.
pub const HOOKS: &[&str] = &["interaction_check", "on_error", "on_timeout"];

/// A `#[view]` impl block.
pub struct ViewImpl<'a> {
    /// The type the block implements.
    pub self_ty: &'a Type,
    /// Items in declaration order.
    pub items: Vec<Item<'a>>,
    /// Hook methods defined in the block.
    pub hooks: Vec<Hook<'a>>,
    /// The `#[layout]` method: the view is a layout (Components V2).
    pub layout: Option<&'a ImplItemFn>,
}

/// One button, link button or select.
pub struct Item<'a> {
    /// The method or const name.
    pub name: &'a Ident,
    /// The attribute's path (`button` / `select`), to point at the item.
    pub attr_path: &'a Path,
    /// What it is.
    pub kind: ItemKind<'a>,
    /// Whether its attribute parsed without errors. Rules about missing keys
    /// skip unclean items: after `lable = ..` a "needs a label" error would
    /// only repeat the first one.
    pub clean: bool,
}

/// The kinds of item.
pub enum ItemKind<'a> {
    /// `#[button]` on an `async fn`.
    Button {
        /// Its attribute.
        attr: ButtonAttr,
        /// Its handler.
        method: &'a ImplItemFn,
    },
    /// `#[button(url = ..)]` on an associated const.
    Link {
        /// Its attribute.
        attr: ButtonAttr,
    },
    /// `#[select]` on an `async fn`.
    Select {
        /// Its attribute.
        attr: SelectAttr,
        /// Its handler.
        method: &'a ImplItemFn,
    },
}

impl Item<'_> {
    /// The handler method, unless a link button.
    pub fn method(&self) -> Option<&ImplItemFn> {
        match &self.kind {
            ItemKind::Button { method, .. } | ItemKind::Select { method, .. } => Some(method),
            ItemKind::Link { .. } => None,
        }
    }

    /// The declared custom_id.
    pub fn custom_id(&self) -> Option<&syn::LitStr> {
        match &self.kind {
            ItemKind::Button { attr, .. } | ItemKind::Link { attr, .. } => attr.custom_id.as_ref(),
            ItemKind::Select { attr, .. } => attr.custom_id.as_ref(),
        }
    }

    /// The declared custom_id when it is a template (a dynamic item).
    pub fn template(&self) -> Option<&syn::LitStr> {
        self.custom_id()
            .filter(|lit| views_ids::is_template(&lit.value()))
    }

    /// The explicit `row = N`.
    pub fn row(&self) -> Option<&(u64, syn::LitInt)> {
        match &self.kind {
            ItemKind::Button { attr, .. } | ItemKind::Link { attr, .. } => attr.row.as_ref(),
            ItemKind::Select { attr, .. } => attr.row.as_ref(),
        }
    }

    /// The explicit `id = N`.
    pub fn id(&self) -> Option<&(i32, syn::LitInt)> {
        match &self.kind {
            ItemKind::Button { attr, .. } | ItemKind::Link { attr, .. } => attr.id.as_ref(),
            ItemKind::Select { attr, .. } => attr.id.as_ref(),
        }
    }

    /// Whether it takes a full action row.
    pub fn is_select(&self) -> bool {
        matches!(self.kind, ItemKind::Select { .. })
    }
}

/// A hook method.
pub struct Hook<'a> {
    /// One of [`HOOKS`].
    pub name: &'a Ident,
    /// The method.
    pub method: &'a ImplItemFn,
}

/// Whether `attr` is `#[layout]` (last path segment).
pub fn is_layout_attr(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "layout")
}

/// Whether `attr` is one of [`ITEM_ATTRS`].
pub fn is_item_attr(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| ITEM_ATTRS.iter().any(|name| segment.ident == name))
}

/// Builds the model, reporting misplaced or repeated item attributes.
pub fn from_impl<'a>(cx: &mut Ctxt, block: &'a ItemImpl) -> ViewImpl<'a> {
    let mut view = ViewImpl {
        self_ty: &block.self_ty,
        items: Vec::new(),
        hooks: Vec::new(),
        layout: None,
    };
    for member in &block.items {
        if layout_method(cx, member, &mut view) {
            continue;
        }
        let attrs: &[Attribute] = match member {
            ImplItem::Fn(method) => &method.attrs,
            ImplItem::Const(konst) => &konst.attrs,
            ImplItem::Type(ty) => &ty.attrs,
            ImplItem::Macro(mac) => &mac.attrs,
            _ => &[],
        };
        let mut item_attrs = attrs.iter().filter(|attr| is_item_attr(attr));
        let Some(first) = item_attrs.next() else {
            if let ImplItem::Fn(method) = member
                && HOOKS.iter().any(|hook| method.sig.ident == hook)
            {
                view.hooks.push(Hook {
                    name: &method.sig.ident,
                    method,
                });
            }
            continue;
        };
        for extra in item_attrs {
            cx.error_spanned_by(
                extra,
                "an item has a single `#[button]` or `#[select]` attribute",
            );
        }
        // The dispatch table and layout are computed before `cfg` is
        // evaluated: a cfg'd-out item would leave a dangling table entry.
        for cfg in attrs.iter().filter(|attr| attr.path().is_ident("cfg")) {
            cx.error_spanned_by(
                cfg,
                "`#[cfg]` is not supported on a view item: the dispatch table and layout are \
                 fixed at compile time; put the `#[cfg]` on the whole impl block or struct",
            );
        }
        if let Some(item) = item(cx, member, first) {
            view.items.push(item);
        }
    }
    view
}

/// Records `member` as the layout when it carries `#[layout]`; reports
/// misplaced or repeated ones. Returns whether it had the attribute.
fn layout_method<'a>(cx: &mut Ctxt, member: &'a ImplItem, view: &mut ViewImpl<'a>) -> bool {
    let attrs: &[Attribute] = match member {
        ImplItem::Fn(method) => &method.attrs,
        ImplItem::Const(konst) => &konst.attrs,
        _ => return false,
    };
    let Some(attr) = attrs.iter().find(|attr| is_layout_attr(attr)) else {
        return false;
    };
    if !matches!(attr.meta, Meta::Path(_)) {
        cx.error_spanned_by(attr, "`#[layout]` takes no arguments");
    }
    match member {
        ImplItem::Fn(method) if view.layout.is_some() => cx.error_spanned_by(
            &method.sig.ident,
            "a view has one `#[layout]`: put every component in it",
        ),
        ImplItem::Fn(method) => view.layout = Some(method),
        _ => cx.error_spanned_by(
            attr,
            "`#[layout]` goes on `fn layout(&self) { .. }`, whose body lists the components",
        ),
    }
    true
}

/// The arguments of an item attribute (`#[button]` alone has none).
fn attr_args(cx: &mut Ctxt, attr: &Attribute) -> Vec<crate::args::Arg> {
    match &attr.meta {
        Meta::Path(_) => Vec::new(),
        Meta::List(list) => match syn::parse2::<Args>(list.tokens.clone()) {
            Ok(Args(args)) => args,
            Err(error) => {
                cx.syn_error(error);
                Vec::new()
            }
        },
        Meta::NameValue(_) => {
            cx.error_spanned_by(attr, "expected `#[button(key = value, ...)]`");
            Vec::new()
        }
    }
}

/// One member with its item attribute.
fn item<'a>(cx: &mut Ctxt, member: &'a ImplItem, attr: &'a Attribute) -> Option<Item<'a>> {
    let attr_path = attr.path();
    let is_button = attr_path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "button");
    let before = cx.error_count();
    let args = attr_args(cx, attr);
    let mut item = match member {
        ImplItem::Fn(method) => Some(Item {
            name: &method.sig.ident,
            attr_path,
            clean: true,
            kind: if is_button {
                ItemKind::Button {
                    attr: attr::button(cx, args),
                    method,
                }
            } else {
                ItemKind::Select {
                    attr: attr::select(cx, args),
                    method,
                }
            },
        }),
        ImplItem::Const(konst) if is_button => Some(Item {
            name: &konst.ident,
            attr_path,
            clean: true,
            kind: ItemKind::Link {
                attr: attr::button(cx, args),
            },
        }),
        ImplItem::Const(_) => {
            cx.error_spanned_by(
                attr_path,
                "a select needs a handler: put `#[select]` on an `async fn`",
            );
            None
        }
        _ => {
            cx.error_spanned_by(
                attr_path,
                "`#[button]` and `#[select]` go on an `async fn` (or, for a link button, on an associated const)",
            );
            None
        }
    };
    if let Some(item) = &mut item {
        item.clean = cx.error_count() == before;
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_items_and_hooks_in_order() {
        let block: ItemImpl = syn::parse_quote! {
            impl V {
                #[button(custom_id = "a", label = "A")]
                async fn a(&mut self, ctx: ViewContext) {}
                fn helper(&self) {}
                #[button(url = "https://example.com", label = "Docs")]
                const DOCS: () = ();
                #[select(custom_id = "s", kind = "user")]
                async fn s(&self, ctx: ViewContext) {}
                async fn on_timeout(&mut self) {}
            }
        };
        let mut cx = Ctxt::new();
        let view = from_impl(&mut cx, &block);
        assert!(cx.is_ok());
        let names: Vec<String> = view.items.iter().map(|i| i.name.to_string()).collect();
        assert_eq!(names, ["a", "DOCS", "s"]);
        assert!(matches!(view.items[1].kind, ItemKind::Link { .. }));
        assert!(view.items[2].is_select());
        assert_eq!(view.hooks.len(), 1);
    }

    #[test]
    fn select_on_const_and_double_attributes_are_errors() {
        let block: ItemImpl = syn::parse_quote! {
            impl V {
                #[select(custom_id = "s")]
                const S: () = ();
                #[button(custom_id = "a", label = "A")]
                #[button(custom_id = "b", label = "B")]
                async fn a(&mut self, ctx: ViewContext) {}
            }
        };
        let mut cx = Ctxt::new();
        let view = from_impl(&mut cx, &block);
        assert_eq!(view.items.len(), 1);
        let errors = cx.to_compile_errors().to_string();
        assert!(errors.contains("a select needs a handler"), "{errors}");
        assert!(errors.contains("a single `#[button]`"), "{errors}");
    }

    #[test]
    fn cfg_on_an_item_is_an_error() {
        let block: ItemImpl = syn::parse_quote! {
            impl V {
                #[cfg(feature = "x")]
                #[button(custom_id = "a", label = "A")]
                async fn a(&mut self, ctx: ViewContext) {}
                #[cfg(feature = "x")]
                fn helper(&self) {}
            }
        };
        let mut cx = Ctxt::new();
        from_impl(&mut cx, &block);
        let errors = cx.to_compile_errors().to_string();
        assert_eq!(
            errors.matches("`#[cfg]` is not supported").count(),
            1,
            "{errors}"
        );
    }
}
