//! Premium buttons: `#[button(style = "premium", sku_id = ..)]` on an
//! associated const. Discord shows the SKU's name, price and icon and
//! opens the purchase itself: the button has an `sku_id` and nothing else
//! (no custom_id, url, label or emoji), and sends no interaction, so it has
//! no handler.

use super::super::{ast::Item, attr::ButtonAttr};
use crate::{args::Text, ctxt::Ctxt};

/// A premium button sends no interaction: a handler would never run.
pub fn not_on_a_handler(cx: &mut Ctxt, item: &Item<'_>, attr: &ButtonAttr) {
    let tokens = attr.style.as_ref().map(|style| style.tokens());
    cx.error_spanned_by(
        tokens,
        format!(
            "a premium button has no handler: Discord opens the purchase itself; put \
             `#[button(style = \"premium\", sku_id = ..)]` on an associated const, e.g. \
             `const {}: () = ();`",
            item.name.to_string().to_uppercase()
        ),
    );
}

/// `sku_id` means a premium button.
pub fn sku_only_on_premium(cx: &mut Ctxt, attr: &ButtonAttr) {
    if let Some((key, _)) = &attr.sku_id {
        cx.error_spanned_by(
            key,
            "`sku_id` belongs to a premium button: add `style = \"premium\"` (on an associated const)",
        );
    }
}

/// A premium button has an `sku_id` (a non-zero literal or an
/// `Id<SkuMarker>` expression) and none of the keys Discord refuses on it.
pub fn premium_button_rules(cx: &mut Ctxt, item: &Item<'_>, attr: &ButtonAttr) {
    match &attr.sku_id {
        None if item.clean => cx.error_spanned_by(
            item.attr_path,
            format!(
                "premium button `{}` needs the SKU it sells: `sku_id = 1234..`",
                item.name
            ),
        ),
        Some((
            _,
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(lit),
                ..
            }),
        )) if lit.base10_parse::<u64>().is_ok_and(|id| id == 0) => {
            cx.error_spanned_by(lit, "`sku_id` is a Discord id, never 0");
        }
        _ => {}
    }
    let refused = [
        attr.custom_id
            .as_ref()
            .map(|lit| (quote::ToTokens::to_token_stream(lit), "custom_id")),
        attr.url
            .as_ref()
            .map(|(key, _)| (quote::ToTokens::to_token_stream(key), "url")),
        attr.label.as_ref().map(|text| (text_tokens(text), "label")),
        attr.emoji.as_ref().map(|text| (text_tokens(text), "emoji")),
        attr.defer
            .as_ref()
            .map(|(_, lit)| (quote::ToTokens::to_token_stream(lit), "defer")),
    ];
    for (tokens, key) in refused.into_iter().flatten() {
        cx.error_spanned_by(
            tokens,
            format!(
                "a premium button has no `{key}`: Discord shows the SKU's name and price and \
                 sends no interaction; remove `{key}`"
            ),
        );
    }
}

/// A label or emoji value, for an error pointing at it.
fn text_tokens(text: &Text) -> proc_macro2::TokenStream {
    match text {
        Text::Lit(lit) => quote::ToTokens::to_token_stream(lit),
        Text::Expr(expr) => quote::ToTokens::to_token_stream(expr),
    }
}
