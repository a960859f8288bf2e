//! The typed tree of a `#[layout]` method: its body is a list of component
//! calls (`container(..)`, `section(..)`, `text(..)`, `row(..)`...), read
//! here as Rust expressions (so rustfmt formats them) and never compiled
//! as they are. Each call's arguments are children or values by position,
//! `key = value` pairs, and bare flags (`spoiler`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, ExprCall, ExprLit, ExprPath, Ident, Lit, LitInt, LitStr, Stmt, ext::IdentExt};

use crate::{
    args::{self, Arg, ArgValue, Choice, Text},
    ctxt::Ctxt,
    suggest,
};

/// The component calls a layout is made of.
pub const NODES: &[&str] = &[
    "container",
    "section",
    "text",
    "thumbnail",
    "gallery",
    "file",
    "separator",
    "row",
];

/// One component of the tree.
pub struct Node {
    /// The call's name (`container`, ...), where errors about it point.
    pub name: Ident,
    /// What it is.
    pub kind: NodeKind,
    /// `id = N`: Discord's numeric component id.
    pub id: Option<(i32, LitInt)>,
}

/// The kinds of component.
pub enum NodeKind {
    /// `container(children.., accent_color = .., spoiler)`.
    Container {
        /// What it holds.
        children: Vec<Node>,
        /// `accent_color = EXPR` (`u32` or `Option<u32>`).
        accent: Option<Expr>,
        /// `spoiler` / `spoiler = EXPR`.
        spoiler: Option<Expr>,
    },
    /// `section(text(..).., accessory = ITEM | thumbnail(..))`.
    Section {
        /// Its texts (anything else is an error in `valid`).
        children: Vec<Node>,
        /// Its accessory, once parsed.
        accessory: Option<Accessory>,
    },
    /// `text("..")`, `text("Count: {}", self.count)` or `text(EXPR)`.
    Text(Content),
    /// `thumbnail(URL, description = .., spoiler)`.
    Thumbnail(Media),
    /// `gallery(media(URL, ..)..)` or `gallery(items = EXPR)`.
    Gallery {
        /// Its items, listed.
        items: Vec<Media>,
        /// `items = EXPR`: the items listed at each render instead.
        listed_at_render: Option<Expr>,
    },
    /// `file("attachment://NAME", spoiler)`.
    File(Media),
    /// `separator(divider = BOOL, spacing = "small" | "large")`.
    Separator {
        /// Draw the line (default true).
        divider: Option<Expr>,
        /// The space around it.
        spacing: Option<(Spacing, LitStr)>,
    },
    /// `row(item, item..)`: the view's items by name.
    Row {
        /// The items' names, in order.
        items: Vec<Ident>,
    },
}

/// A section's accessory.
pub enum Accessory {
    /// One of the view's buttons, by name.
    Item(Ident),
    /// `thumbnail(..)`.
    Thumbnail(Box<Node>),
}

/// The text of a `text(..)`.
pub enum Content {
    /// A literal, checked at compile time.
    Lit(LitStr),
    /// A format string and its arguments, formatted at each render.
    Format {
        /// The format string.
        lit: LitStr,
        /// Positional and named arguments, as written.
        args: Vec<TokenStream>,
    },
    /// Any `Into<String>` expression, evaluated at each render.
    Expr(Box<Expr>),
    /// Nothing given (already reported).
    Missing,
}

/// A thumbnail, gallery item or file.
pub struct Media {
    /// The call's name, for errors.
    pub name: Ident,
    /// Its URL.
    pub url: Option<Text>,
    /// Alt text.
    pub description: Option<Text>,
    /// Blurred until clicked.
    pub spoiler: Option<Expr>,
}

/// `spacing = ".."` of a separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spacing {
    /// `"small"`.
    Small,
    /// `"large"`.
    Large,
}

impl Choice for Spacing {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("small", Self::Small), ("large", Self::Large)];
}

/// The nodes of the method's body, one per statement.
pub fn parse_body(cx: &mut Ctxt, stmts: &[Stmt]) -> Vec<Node> {
    let mut nodes = Vec::new();
    for stmt in stmts {
        match stmt {
            Stmt::Expr(expr, _) => nodes.extend(node(cx, expr)),
            other => cx.error_spanned_by(
                other,
                "a `#[layout]` body is a list of components (`container(..);`, `row(..);`...), \
                 not code: compute values in the view's methods and call them from `text(..)`",
            ),
        }
    }
    nodes
}

/// The arguments of one call, sorted.
struct CallArgs {
    positional: Vec<Expr>,
    keys: Vec<Arg>,
}

/// Sorts `call`'s arguments: `key = value`, a bare `flag` when it is one
/// of `flags`, anything else positional.
fn call_args(call: &ExprCall, flags: &[&str]) -> CallArgs {
    let mut positional = Vec::new();
    let mut keys = Vec::new();
    for arg in &call.args {
        match arg {
            Expr::Assign(assign) => match single_ident(&assign.left) {
                Some(key) => keys.push(Arg {
                    key: key.clone(),
                    value: ArgValue::Expr((*assign.right).clone()),
                }),
                None => positional.push(arg.clone()),
            },
            Expr::Path(path)
                if single_ident_path(path)
                    .is_some_and(|ident| flags.iter().any(|flag| ident == flag)) =>
            {
                if let Some(key) = single_ident_path(path) {
                    keys.push(Arg {
                        key: key.clone(),
                        value: ArgValue::Flag,
                    });
                }
            }
            other => positional.push(other.clone()),
        }
    }
    CallArgs { positional, keys }
}

fn single_ident(expr: &Expr) -> Option<&Ident> {
    match expr {
        Expr::Path(path) => single_ident_path(path),
        _ => None,
    }
}

fn single_ident_path(path: &ExprPath) -> Option<&Ident> {
    (path.qself.is_none() && path.attrs.is_empty())
        .then(|| path.path.get_ident())
        .flatten()
}

/// One component call (or a bare name, which is an error here).
fn node(cx: &mut Ctxt, expr: &Expr) -> Option<Node> {
    let (name, call) = match expr {
        Expr::Call(call) => match single_ident(&call.func) {
            Some(name) => (name.clone(), Some(call)),
            None => {
                cx.error_spanned_by(&call.func, expected_node());
                return None;
            }
        },
        // `separator` alone is `separator()`.
        Expr::Path(path) if single_ident_path(path).is_some_and(|name| name == "separator") => {
            (single_ident_path(path)?.clone(), None)
        }
        Expr::Path(path) if single_ident_path(path).is_some() => {
            let name = single_ident_path(path)?;
            cx.error_spanned_by(
                name,
                format!(
                    "`{name}` alone is not a component: an item goes in `row({name})` or is a \
                     section's `accessory = {name}`"
                ),
            );
            return None;
        }
        other => {
            cx.error_spanned_by(other, expected_node());
            return None;
        }
    };
    let empty: ExprCall = syn::parse_quote!(separator());
    let call = call.unwrap_or(&empty);
    let key = name.unraw().to_string();
    let mut id = None;
    let kind = match key.as_str() {
        "container" => container(cx, call, &mut id),
        "section" => section(cx, call, &mut id),
        "text" => text(cx, &name, call, &mut id),
        "thumbnail" => Some(NodeKind::Thumbnail(media(cx, &name, call, &mut id, true))),
        "gallery" => gallery(cx, call, &mut id),
        "file" => Some(NodeKind::File(media(cx, &name, call, &mut id, false))),
        "separator" => separator(cx, call, &mut id),
        "row" => row(cx, call, &mut id),
        other => {
            let message = match suggest::closest(other, NODES) {
                Some(close) => format!("unknown component `{other}`; did you mean `{close}`?"),
                None => format!(
                    "unknown component `{other}`, expected one of {}",
                    suggest::list(NODES)
                ),
            };
            cx.error_spanned_by(&name, message);
            None
        }
    }?;
    Some(Node { name, kind, id })
}

fn expected_node() -> String {
    format!(
        "expected a component: one of {} with its arguments in parentheses",
        suggest::list(NODES)
    )
}

fn container(cx: &mut Ctxt, call: &ExprCall, id: &mut Option<(i32, LitInt)>) -> Option<NodeKind> {
    let CallArgs { positional, keys } = call_args(call, &["spoiler"]);
    let mut accent = None;
    let mut spoiler = None;
    for arg in args::checked(
        cx,
        keys,
        &["accent_color", "spoiler", "id"],
        "container(..)",
    ) {
        match arg.key.unraw().to_string().as_str() {
            "accent_color" => accent = args::expr(cx, arg),
            "spoiler" => spoiler = Some(args::flag_or_expr(arg)),
            _ => *id = args::component_id(cx, arg),
        }
    }
    let children = positional
        .iter()
        .filter_map(|expr| node(cx, expr))
        .collect();
    Some(NodeKind::Container {
        children,
        accent,
        spoiler,
    })
}

fn section(cx: &mut Ctxt, call: &ExprCall, id: &mut Option<(i32, LitInt)>) -> Option<NodeKind> {
    let CallArgs { positional, keys } = call_args(call, &[]);
    let mut accessory = None;
    for arg in args::checked(cx, keys, &["accessory", "id"], "section(..)") {
        match arg.key.unraw().to_string().as_str() {
            "accessory" => {
                accessory = args::expr(cx, arg).and_then(|expr| self::accessory(cx, &expr))
            }
            _ => *id = args::component_id(cx, arg),
        }
    }
    let children = positional
        .iter()
        .filter_map(|expr| node(cx, expr))
        .collect();
    Some(NodeKind::Section {
        children,
        accessory,
    })
}

/// `accessory = ITEM` or `accessory = thumbnail(..)`.
fn accessory(cx: &mut Ctxt, expr: &Expr) -> Option<Accessory> {
    if let Some(name) = single_ident(expr) {
        return Some(Accessory::Item(name.clone()));
    }
    if let Expr::Call(call) = expr
        && single_ident(&call.func).is_some_and(|name| name == "thumbnail")
    {
        return node(cx, expr).map(|node| Accessory::Thumbnail(Box::new(node)));
    }
    cx.error_spanned_by(
        expr,
        "a section's accessory is one of the view's buttons by name (`accessory = toggle`) or \
         `thumbnail(\"https://..\")`",
    );
    None
}

fn text(
    cx: &mut Ctxt,
    name: &Ident,
    call: &ExprCall,
    id: &mut Option<(i32, LitInt)>,
) -> Option<NodeKind> {
    let CallArgs { positional, keys } = call_args(call, &[]);
    let mut named = Vec::new();
    for arg in keys {
        if arg.key == "id" {
            *id = args::component_id(cx, arg);
        } else if let ArgValue::Expr(value) = &arg.value {
            // Any other key is a named argument of the format string.
            let key = &arg.key;
            named.push(quote!(#key = #value));
        }
    }
    let mut positional = positional.into_iter();
    let content = match positional.next() {
        None => {
            cx.error_spanned_by(
                name,
                "`text` needs its content: `text(\"..\")` or `text(\"Count: {}\", self.count)`",
            );
            Content::Missing
        }
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => {
            let mut args: Vec<TokenStream> = positional.map(|expr| quote!(#expr)).collect();
            if args.is_empty() && named.is_empty() && !has_placeholder(&lit.value()) {
                Content::Lit(lit)
            } else {
                args.extend(named);
                Content::Format { lit, args }
            }
        }
        Some(expr) => {
            if let Some(extra) = positional.next() {
                cx.error_spanned_by(
                    extra,
                    "`text(EXPR)` takes one expression; a format string is a literal first: \
                     `text(\"Count: {}\", self.count)`",
                );
            }
            Content::Expr(Box::new(expr))
        }
    };
    Some(NodeKind::Text(content))
}

/// Whether a literal has `{..}` placeholders (`{{` is an escaped brace):
/// then it is a format string even without arguments (`{self_count}`
/// captures a variable... which a layout has none of, so rustc reports it).
fn has_placeholder(text: &str) -> bool {
    text.replace("{{", "").replace("}}", "").contains('{')
}

fn media(
    cx: &mut Ctxt,
    name: &Ident,
    call: &ExprCall,
    id: &mut Option<(i32, LitInt)>,
    described: bool,
) -> Media {
    let CallArgs { positional, keys } = call_args(call, &["spoiler"]);
    let allowed: &[&str] = if described {
        &["description", "spoiler", "id"]
    } else {
        &["spoiler", "id"]
    };
    let mut media = Media {
        name: name.clone(),
        url: None,
        description: None,
        spoiler: None,
    };
    let what = format!("{name}(..)");
    for arg in args::checked(cx, keys, allowed, &what) {
        match arg.key.unraw().to_string().as_str() {
            "description" => media.description = args::text(cx, arg),
            "spoiler" => media.spoiler = Some(args::flag_or_expr(arg)),
            _ => *id = args::component_id(cx, arg),
        }
    }
    let mut positional = positional.into_iter();
    media.url = positional.next().map(|expr| match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Text::Lit(lit),
        other => Text::Expr(Box::new(other)),
    });
    if let Some(extra) = positional.next() {
        cx.error_spanned_by(extra, format!("`{name}` takes one URL"));
    }
    media
}

fn gallery(cx: &mut Ctxt, call: &ExprCall, id: &mut Option<(i32, LitInt)>) -> Option<NodeKind> {
    let CallArgs { positional, keys } = call_args(call, &[]);
    let mut listed_at_render = None;
    for arg in args::checked(cx, keys, &["items", "id"], "gallery(..)") {
        match arg.key.unraw().to_string().as_str() {
            "items" => listed_at_render = args::expr(cx, arg),
            _ => *id = args::component_id(cx, arg),
        }
    }
    if listed_at_render.is_some()
        && let Some(first) = positional.first()
    {
        // Which list would come first, and whether the literal items count
        // towards the ten, would be guesses.
        cx.error_spanned_by(
            first,
            "a gallery lists its `media(..)` items or takes them from `items = ..`, not both",
        );
    }
    let mut items = Vec::new();
    for expr in &positional {
        match expr {
            Expr::Call(item) if single_ident(&item.func).is_some_and(|name| name == "media") => {
                let name = single_ident(&item.func)?.clone();
                // A gallery item has no id of its own.
                let mut no_id = None;
                items.push(media(cx, &name, item, &mut no_id, true));
                if let Some((_, lit)) = no_id {
                    cx.error_spanned_by(lit, "a gallery item has no `id`; give it to the gallery");
                }
            }
            other => cx.error_spanned_by(
                other,
                "a gallery holds `media(\"https://..\", description = \"..\")` items",
            ),
        }
    }
    Some(NodeKind::Gallery {
        items,
        listed_at_render,
    })
}

fn separator(cx: &mut Ctxt, call: &ExprCall, id: &mut Option<(i32, LitInt)>) -> Option<NodeKind> {
    let CallArgs { positional, keys } = call_args(call, &["divider"]);
    let mut divider = None;
    let mut spacing = None;
    for arg in args::checked(cx, keys, &["divider", "spacing", "id"], "separator(..)") {
        match arg.key.unraw().to_string().as_str() {
            "divider" => divider = Some(args::flag_or_expr(arg)),
            "spacing" => spacing = args::choice(cx, arg),
            _ => *id = args::component_id(cx, arg),
        }
    }
    if let Some(extra) = positional.first() {
        cx.error_spanned_by(
            extra,
            "a separator holds nothing: `separator(spacing = \"large\", divider = false)`",
        );
    }
    Some(NodeKind::Separator { divider, spacing })
}

fn row(cx: &mut Ctxt, call: &ExprCall, id: &mut Option<(i32, LitInt)>) -> Option<NodeKind> {
    let CallArgs { positional, keys } = call_args(call, &[]);
    for arg in args::checked(cx, keys, &["id"], "row(..)") {
        *id = args::component_id(cx, arg);
    }
    let mut items = Vec::new();
    for expr in &positional {
        match single_ident(expr) {
            Some(name) => items.push(name.clone()),
            None => cx.error_spanned_by(
                expr,
                "a row holds the view's buttons and selects by name: `row(confirm, cancel)`",
            ),
        }
    }
    Some(NodeKind::Row { items })
}

impl Node {
    /// The node and every node below it, depth first (an accessory
    /// thumbnail included).
    pub fn walk<'n>(&'n self, out: &mut Vec<&'n Node>) {
        out.push(self);
        match &self.kind {
            NodeKind::Container { children, .. } => {
                for child in children {
                    child.walk(out);
                }
            }
            NodeKind::Section {
                children,
                accessory,
            } => {
                for child in children {
                    child.walk(out);
                }
                if let Some(Accessory::Thumbnail(thumbnail)) = accessory {
                    thumbnail.walk(out);
                }
            }
            _ => {}
        }
    }
}
