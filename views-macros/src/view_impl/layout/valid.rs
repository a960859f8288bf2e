//! Discord's Components V2 rules on a `#[layout]` tree, one function per
//! rule: what Discord answers `400 Invalid Form Body` to, and what
//! discord.py's `LayoutView` raises at run time, reported at compile time
//! on the offending call. Values computed at render (a text from the
//! view's state, a URL expression) are checked again at run time by
//! `views_core::layout::check`.

use std::collections::HashMap;

use syn::{Ident, LitInt};
use views_ids::limits;

use super::ast::{Accessory, Content, Media, Node, NodeKind};
use crate::{args::Text, ctxt::Ctxt, suggest, view_impl::ast::Item};

/// Every rule on the tree and on how it places `items`.
/// `parsed`: the tree parsed without errors, so what it lacks is missing.
pub fn check(cx: &mut Ctxt, method: &Ident, nodes: &[Node], items: &[Item<'_>], parsed: bool) {
    if nodes.is_empty() && parsed {
        cx.error_spanned_by(
            method,
            "the layout is empty: list its components, e.g. `container(text(\"..\"));`",
        );
    }
    for node in nodes {
        top_level(cx, node);
    }
    let mut all = Vec::new();
    for node in nodes {
        node.walk(&mut all);
    }
    for node in &all {
        match &node.kind {
            NodeKind::Container { children, .. } => container_children(cx, node, children),
            NodeKind::Section {
                children,
                accessory,
            } => section_rules(cx, node, children, accessory.as_ref(), items),
            NodeKind::Text(content) => empty_text(cx, content),
            NodeKind::Thumbnail(media) => media_rules(cx, media, false),
            NodeKind::File(media) => media_rules(cx, media, true),
            NodeKind::Gallery {
                items: media,
                listed_at_render,
            } => gallery_rules(cx, node, media, listed_at_render.is_some()),
            NodeKind::Row { items: names } => row_fits(cx, node, names, items),
            NodeKind::Separator { .. } => {}
        }
    }
    accent_colors(cx, &all);
    placement(cx, &all, items, parsed);
    component_count(cx, method, &all);
    text_total(cx, &all);
    unique_ids(cx, &all, items);
    rows_have_no_meaning(cx, items);
}

/// A thumbnail stands only as a section's accessory.
fn top_level(cx: &mut Ctxt, node: &Node) {
    if matches!(node.kind, NodeKind::Thumbnail(_)) {
        cx.error_spanned_by(
            &node.name,
            "a thumbnail cannot stand on its own: it is a section's `accessory = thumbnail(..)`",
        );
    }
}

/// A container holds rows, texts, sections, galleries, files and
/// separators, and at least one of them (Discord's
/// `ContainerComponentForMessageRequest`).
fn container_children(cx: &mut Ctxt, node: &Node, children: &[Node]) {
    if children.is_empty() {
        cx.error_spanned_by(&node.name, "a container holds at least one component");
    }
    for child in children {
        let why = match child.kind {
            NodeKind::Container { .. } => "a container cannot hold another container",
            NodeKind::Thumbnail(_) => {
                "a container cannot hold a thumbnail: put it in a section, \
                 `section(text(..), accessory = thumbnail(..))`"
            }
            _ => continue,
        };
        cx.error_spanned_by(&child.name, why);
    }
}

/// A section holds one to three texts and exactly one accessory, a button
/// or a thumbnail: no action row, no select.
fn section_rules(
    cx: &mut Ctxt,
    node: &Node,
    children: &[Node],
    accessory: Option<&Accessory>,
    items: &[Item<'_>],
) {
    for child in children {
        match child.kind {
            NodeKind::Text(_) => {}
            NodeKind::Row { .. } => cx.error_spanned_by(
                &child.name,
                "no action row inside a section: a section holds texts and one accessory; \
                 a button goes in `accessory = NAME`, a row after the section",
            ),
            _ => cx.error_spanned_by(
                &child.name,
                "a section holds `text(..)` only (and its `accessory`)",
            ),
        }
    }
    let texts = children
        .iter()
        .filter(|child| matches!(child.kind, NodeKind::Text(_)))
        .count();
    if texts == 0 && children.is_empty() {
        cx.error_spanned_by(
            &node.name,
            "a section needs 1 to 3 texts: `section(text(\"..\"), accessory = ..)`",
        );
    } else if texts > limits::SECTION_TEXTS_MAX {
        cx.error_spanned_by(
            &node.name,
            format!(
                "a section holds at most {} texts; this one has {texts}",
                limits::SECTION_TEXTS_MAX
            ),
        );
    }
    match accessory {
        None => cx.error_spanned_by(
            &node.name,
            "a section needs exactly one accessory: `accessory = BUTTON` or \
             `accessory = thumbnail(\"https://..\")`",
        ),
        Some(Accessory::Item(name)) => {
            if items
                .iter()
                .any(|item| item.name == name && item.is_select())
            {
                cx.error_spanned_by(
                    name,
                    format!(
                        "select `{name}` cannot be a section's accessory (a button or a \
                         thumbnail is): put it in a `row({name})`"
                    ),
                );
            }
        }
        Some(Accessory::Thumbnail(_)) => {}
    }
}

/// Discord refuses an empty text display.
fn empty_text(cx: &mut Ctxt, content: &Content) {
    if let Content::Lit(lit) = content
        && lit.value().is_empty()
    {
        cx.error_spanned_by(lit, "a text display cannot be empty");
    }
}

/// A thumbnail, gallery item or file needs a media URL Discord loads:
/// `https://`, `http://` or `attachment://` (a file: `attachment://` only,
/// the name of a file uploaded with the message).
fn media_rules(cx: &mut Ctxt, media: &Media, attachment_only: bool) {
    let name = &media.name;
    match &media.url {
        None => cx.error_spanned_by(
            name,
            if attachment_only {
                format!("`{name}` needs the attachment it shows: `{name}(\"attachment://NAME\")`")
            } else {
                format!("`{name}` needs a media URL: `{name}(\"https://..\")`")
            },
        ),
        Some(Text::Lit(lit)) => {
            let url = lit.value();
            let ok = if attachment_only {
                url.strip_prefix("attachment://")
                    .is_some_and(|rest| !rest.is_empty())
            } else {
                limits::is_media_url(&url)
            };
            if !ok {
                let expected = if attachment_only {
                    "an `attachment://NAME` URL (a file shows an uploaded attachment)"
                } else {
                    "an `https://`, `http://` or `attachment://` URL"
                };
                cx.error_spanned_by(lit, format!("`{name}` needs {expected}"));
            } else if url.chars().count() > limits::MEDIA_URL_MAX {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "media URL is longer than Discord's {} characters",
                        limits::MEDIA_URL_MAX
                    ),
                );
            }
        }
        Some(Text::Expr(_)) => {}
    }
    if let Some(Text::Lit(lit)) = &media.description {
        let len = lit.value().chars().count();
        if len > limits::MEDIA_DESCRIPTION_MAX {
            cx.error_spanned_by(
                lit,
                format!(
                    "description is {len} characters long; Discord allows at most {}",
                    limits::MEDIA_DESCRIPTION_MAX
                ),
            );
        }
    }
}

/// A media gallery holds 1 to 10 items. Items listed at render are
/// counted then: none leaves the gallery out, more than ten is a
/// `LayoutError`.
fn gallery_rules(cx: &mut Ctxt, node: &Node, items: &[Media], listed_at_render: bool) {
    if !listed_at_render && (items.is_empty() || items.len() > limits::GALLERY_ITEMS_MAX) {
        cx.error_spanned_by(
            &node.name,
            format!(
                "a media gallery holds 1 to {} items; this one has {}",
                limits::GALLERY_ITEMS_MAX,
                items.len()
            ),
        );
    }
    for item in items {
        media_rules(cx, item, false);
    }
}

/// A row holds 1 to 5 buttons, or one select alone.
fn row_fits(cx: &mut Ctxt, node: &Node, names: &[Ident], items: &[Item<'_>]) {
    if names.is_empty() {
        cx.error_spanned_by(
            &node.name,
            "a row holds at least one item: `row(confirm, cancel)`",
        );
        return;
    }
    let select = names.iter().find(|name| {
        items
            .iter()
            .any(|item| item.name == *name && item.is_select())
    });
    if let Some(select) = select
        && names.len() > 1
    {
        cx.error_spanned_by(
            select,
            format!("select `{select}` needs a row of its own: `row({select})`"),
        );
    } else if names.len() > limits::ACTION_ROW_WIDTH {
        cx.error_spanned_by(
            &names[limits::ACTION_ROW_WIDTH],
            format!(
                "a row holds at most {} buttons; start another `row(..)`",
                limits::ACTION_ROW_WIDTH
            ),
        );
    }
}

/// A literal accent colour is `0xRRGGBB`.
fn accent_colors(cx: &mut Ctxt, nodes: &[&Node]) {
    for node in nodes {
        if let NodeKind::Container {
            accent:
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Int(lit),
                    ..
                })),
            ..
        } = &node.kind
            && lit
                .base10_parse::<u64>()
                .is_ok_and(|color| color > u64::from(limits::ACCENT_COLOR_MAX))
        {
            cx.error_spanned_by(lit, "an accent colour is `0xRRGGBB`, at most 0xFFFFFF");
        }
    }
}

/// Every interactive or link item is placed once, by a name the view has:
/// an item left out would never be shown, one placed twice would send one
/// custom_id twice.
fn placement(cx: &mut Ctxt, nodes: &[&Node], items: &[Item<'_>], parsed: bool) {
    let mut placed: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Items a misspelt name was taken for: "not in the layout" on them
    // would only repeat the "did you mean" error.
    let mut suggested: Vec<String> = Vec::new();
    let names: Vec<String> = items.iter().map(|item| item.name.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut place = |cx: &mut Ctxt, name: &Ident| {
        let key = name.to_string();
        if !names.contains(&key.as_str()) {
            let close = suggest::closest(&key, &names);
            suggested.extend(close.map(str::to_owned));
            let hint = close
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            cx.error_spanned_by(
                name,
                format!(
                    "the view has no item `{key}`: a layout places the `#[button]` and \
                     `#[select]` items of its impl block by name{hint}"
                ),
            );
        } else if placed.contains(&key) {
            cx.error_spanned_by(
                name,
                format!("`{key}` is placed twice: each item goes in one place of the layout"),
            );
        } else {
            placed.insert(key);
        }
    };
    for node in nodes {
        match &node.kind {
            NodeKind::Row { items: row } => {
                for name in row {
                    place(cx, name);
                }
            }
            NodeKind::Section {
                accessory: Some(Accessory::Item(name)),
                ..
            } => place(cx, name),
            _ => {}
        }
    }
    if !parsed {
        return;
    }
    for item in items {
        let name = item.name.to_string();
        if !placed.contains(&name) && !suggested.contains(&name) {
            cx.error_spanned_by(
                item.attr_path,
                format!(
                    "`{}` is not in the layout: place it in a `row({})` or as a section's \
                     `accessory = {}`",
                    item.name, item.name, item.name
                ),
            );
        }
    }
}

/// At most 40 components in a message, nested ones included: each node
/// counts once, and each item placed in a row or as an accessory.
fn component_count(cx: &mut Ctxt, method: &Ident, nodes: &[&Node]) {
    let placed_items: usize = nodes
        .iter()
        .map(|node| match &node.kind {
            NodeKind::Row { items } => items.len(),
            NodeKind::Section {
                accessory: Some(Accessory::Item(_)),
                ..
            } => 1,
            _ => 0,
        })
        .sum();
    let count = nodes.len() + placed_items;
    if count > limits::LAYOUT_COMPONENTS_MAX {
        cx.error_spanned_by(
            method,
            format!(
                "the layout has {count} components; a message holds at most {}, nested ones \
                 included (every container, section, text, row, button and select counts)",
                limits::LAYOUT_COMPONENTS_MAX
            ),
        );
    }
}

/// At most 4,000 characters of text display content across the message;
/// literal texts are counted here, computed ones at render.
fn text_total(cx: &mut Ctxt, nodes: &[&Node]) {
    let mut total = 0;
    for node in nodes {
        if let NodeKind::Text(Content::Lit(lit)) = &node.kind {
            total += lit.value().chars().count();
            if total > limits::LAYOUT_TEXT_MAX {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "the layout's texts reach {total} characters here; a message holds at \
                         most {} across its text displays",
                        limits::LAYOUT_TEXT_MAX
                    ),
                );
                return;
            }
        }
    }
}

/// Numeric component ids are unique within a message (in an action-row
/// view too: `id = N` on its items).
pub fn unique_ids(cx: &mut Ctxt, nodes: &[&Node], items: &[Item<'_>]) {
    let mut seen: HashMap<i32, String> = HashMap::new();
    let ids = nodes
        .iter()
        .filter_map(|node| {
            let (id, lit) = node.id.as_ref()?;
            Some((*id, lit, format!("`{}(..)`", node.name)))
        })
        .chain(items.iter().filter_map(|item| {
            let (id, lit) = item.id()?;
            Some((*id, lit, format!("`{}`", item.name)))
        }));
    let ids: Vec<(i32, &LitInt, String)> = ids.collect();
    for (id, lit, owner) in ids {
        if let Some(first) = seen.get(&id) {
            cx.error_spanned_by(
                lit,
                format!(
                    "component id {id} is already used by {first}: ids are unique in a message"
                ),
            );
        } else {
            seen.insert(id, owner);
        }
    }
}

/// `row = N` places an item in an action-row view; in a layout the
/// `row(..)` calls do.
fn rows_have_no_meaning(cx: &mut Ctxt, items: &[Item<'_>]) {
    for item in items {
        if let Some((_, lit)) = item.row() {
            cx.error_spanned_by(
                lit,
                format!(
                    "`row = N` has no meaning in a layout view: place `{}` with `row({})` in the \
                     `#[layout]`",
                    item.name, item.name
                ),
            );
        }
    }
}
