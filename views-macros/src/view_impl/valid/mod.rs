//! The compile-time rules of a view, one function per rule. Each moves a
//! check that discord.py (or Discord's API) makes at run time to the
//! compiler, and points at the offending token.
//!
//! Not here: the rules about the struct's `#[view(persistent)]` (an item
//! without a custom_id, a dynamic item), which this macro call cannot see;
//! `expand::persistence_rule` leaves them to the compiler, and says why.

use syn::{FnArg, ImplItemFn, LitInt, LitStr, Pat, ReturnType, Type};

use super::{
    ast::{Hook, Item, ItemKind, ViewImpl},
    attr::{ButtonAttr, OptionAttr, Options, SelectAttr, SelectKind, StyleValue},
    dynamic,
};
use views_ids::{is_template, limits};

use crate::{args::Text, ctxt::Ctxt};

/// Runs every rule on every item and hook.
pub fn check(cx: &mut Ctxt, view: &ViewImpl<'_>) {
    for item in &view.items {
        if let Some(method) = item.method() {
            handler_signature(cx, item, method);
        }
        if let Some(custom_id) = item.custom_id() {
            if is_template(&custom_id.value()) {
                if item.method().is_some() {
                    dynamic::template_rules(cx, item, custom_id);
                }
            } else {
                custom_id_length(cx, custom_id);
            }
        }
        match &item.kind {
            ItemKind::Button { attr, .. } if attr.is_premium() => {
                premium::not_on_a_handler(cx, item, attr);
            }
            ItemKind::Button { attr, .. } => {
                premium::sku_only_on_premium(cx, attr);
                button_has_no_url(cx, item, attr);
                button_has_label_or_emoji(cx, item, attr);
                button_texts(cx, attr);
                if let Some(StyleValue::Expr(expr)) = &attr.style {
                    style::no_link_or_premium(cx, item, expr);
                }
            }
            ItemKind::Link { attr, .. } if attr.is_premium() => {
                premium::premium_button_rules(cx, item, attr);
            }
            ItemKind::Link { attr, .. } => {
                premium::sku_only_on_premium(cx, attr);
                link_button_rules(cx, item, attr);
                button_has_label_or_emoji(cx, item, attr);
                button_texts(cx, attr);
            }
            ItemKind::Select { attr, .. } => select_rules(cx, item, attr),
        }
    }
    duplicate_custom_ids(cx, &view.items);
    dynamic::prefix_rules(cx, &view.items);
    for hook in &view.hooks {
        hook_signature(cx, hook);
    }
}

/// Discord rejects a custom_id that is empty or longer than 100 characters;
/// the router reserves the prefix of its generated ids (it would refuse the
/// view at start-up).
pub fn custom_id_length(cx: &mut Ctxt, custom_id: &LitStr) {
    let len = custom_id.value().chars().count();
    if len == 0 {
        cx.error_spanned_by(custom_id, "`custom_id` cannot be empty");
    } else if custom_id.value().starts_with(views_ids::INSTANCE_PREFIX) {
        cx.error_spanned_by(custom_id, dynamic::reserved_prefix_message());
    } else if len > limits::CUSTOM_ID_MAX {
        cx.error_spanned_by(
            custom_id,
            format!(
                "`custom_id` is {len} characters long; Discord allows at most {}",
                limits::CUSTOM_ID_MAX
            ),
        );
    }
}

/// Two items with one custom_id could never be told apart when clicked
/// (discord.py silently lets the last one win).
fn duplicate_custom_ids(cx: &mut Ctxt, items: &[Item<'_>]) {
    for (index, item) in items.iter().enumerate() {
        let Some(id) = item.custom_id() else { continue };
        if let Some(first) = items[..index]
            .iter()
            .find(|earlier| earlier.custom_id().is_some_and(|e| e.value() == id.value()))
        {
            cx.error_spanned_by(
                id,
                format!(
                    "duplicate custom_id \"{}\": `{}` already uses it",
                    id.value(),
                    first.name
                ),
            );
        }
    }
}

/// A literal text longer than Discord's limit is rejected when sent.
fn text_length(cx: &mut Ctxt, text: Option<&Text>, what: &str, max: usize) {
    if let Some(Text::Lit(lit)) = text {
        let len = lit.value().chars().count();
        if len > max {
            cx.error_spanned_by(
                lit,
                format!("{what} is {len} characters long; Discord allows at most {max}"),
            );
        }
    }
}

/// A literal emoji must be a unicode emoji or `<:name:id>` / `<a:name:id>`;
/// anything else renders as a broken unicode emoji Discord rejects.
fn emoji_literal(cx: &mut Ctxt, emoji: Option<&Text>) {
    let Some(Text::Lit(lit)) = emoji else { return };
    let value = lit.value();
    if value.is_empty() {
        cx.error_spanned_by(lit, "`emoji` cannot be empty");
        return;
    }
    if let Some(inner) = value.strip_prefix('<') {
        let valid = inner
            .strip_suffix('>')
            .and_then(|inner| inner.strip_prefix("a:").or_else(|| inner.strip_prefix(':')))
            .and_then(|inner| inner.rsplit_once(':'))
            .is_some_and(|(name, id)| !name.is_empty() && id.parse::<u64>().is_ok());
        if !valid {
            cx.error_spanned_by(
                lit,
                "a custom emoji is written `<:name:id>` or `<a:name:id>` (animated)",
            );
        }
    }
}

/// Label, emoji and url literals of any button.
fn button_texts(cx: &mut Ctxt, attr: &ButtonAttr) {
    text_length(cx, attr.label.as_ref(), "`label`", limits::BUTTON_LABEL_MAX);
    emoji_literal(cx, attr.emoji.as_ref());
}

/// A button shows its label or its emoji; with neither Discord rejects it.
fn button_has_label_or_emoji(cx: &mut Ctxt, item: &Item<'_>, attr: &ButtonAttr) {
    if item.clean && attr.label.is_none() && attr.emoji.is_none() {
        cx.error_spanned_by(
            item.attr_path,
            format!("button `{}` needs a `label` or an `emoji`", item.name),
        );
    }
}

/// `url` makes a link button, which sends no interaction, so a method
/// handler would never run.
fn button_has_no_url(cx: &mut Ctxt, item: &Item<'_>, attr: &ButtonAttr) {
    if let Some((key, _)) = &attr.url {
        cx.error_spanned_by(
            key,
            format!(
                "a link button has no handler: Discord sends no interaction for it; \
                 put `#[button(url = ..)]` on an associated const, e.g. `const {}: () = ();`",
                item.name.to_string().to_uppercase()
            ),
        );
    }
}

/// A link button (on a const) needs a url, and none of the keys that only
/// make sense for a button that sends interactions.
fn link_button_rules(cx: &mut Ctxt, item: &Item<'_>, attr: &ButtonAttr) {
    match &attr.url {
        None if !item.clean => {}
        None => cx.error_spanned_by(
            item.attr_path,
            format!(
                "link button `{}` needs a `url`; a button with a handler goes on an `async fn`",
                item.name
            ),
        ),
        Some((_, Text::Lit(url))) => {
            let value = url.value();
            if !["https://", "http://", "discord://"]
                .iter()
                .any(|scheme| value.starts_with(scheme))
            {
                cx.error_spanned_by(url, "`url` must start with https://, http:// or discord://");
            } else if value.chars().count() > limits::URL_MAX {
                cx.error_spanned_by(
                    url,
                    format!(
                        "`url` is longer than Discord's {} characters",
                        limits::URL_MAX
                    ),
                );
            }
        }
        Some((_, Text::Expr(_))) => {}
    }
    if let Some(custom_id) = &attr.custom_id {
        cx.error_spanned_by(
            custom_id,
            "a link button cannot have a `custom_id`: Discord sends no interaction for it",
        );
    }
    if let Some(style) = &attr.style {
        cx.error_spanned_by(
            style.tokens(),
            "a link button always has the link style; remove `style`",
        );
    }
    if let Some((_, defer)) = &attr.defer {
        cx.error_spanned_by(
            defer,
            "a link button has no handler to defer; remove `defer`",
        );
    }
}

/// Options, values, placeholder and channel types of a select.
fn select_rules(cx: &mut Ctxt, item: &Item<'_>, attr: &SelectAttr) {
    let kind = attr.select_kind();
    text_length(
        cx,
        attr.placeholder.as_ref(),
        "`placeholder`",
        limits::SELECT_PLACEHOLDER_MAX,
    );
    // Only string selects list their options; the others offer entities.
    match (&attr.options, kind) {
        (None, SelectKind::String) if item.clean => cx.error_spanned_by(
            item.attr_path,
            format!(
                "string select `{}` needs `options = [option(label = \"..\", value = \"..\"), ...]`",
                item.name
            ),
        ),
        (Some((key, _)), kind) if kind != SelectKind::String => cx.error_spanned_by(
            key,
            "only a `kind = \"string\"` select has `options`; the other kinds list users, roles or channels",
        ),
        _ => {}
    }
    if let Some((key, _)) = &attr.channel_types
        && kind != SelectKind::Channel
    {
        cx.error_spanned_by(
            key,
            "`channel_types` only applies to a `kind = \"channel\"` select",
        );
    }
    // A string select's defaults are its options' `default`: Discord
    // refuses `default_values` on it.
    if let Some((key, _)) = &attr.default_values
        && kind == SelectKind::String
    {
        cx.error_spanned_by(
            key,
            "`default_values` applies to a `kind = \"user\"`, `\"role\"`, `\"channel\"` or \
             `\"mentionable\"` select; a string select marks its options: \
             `option(label = \"..\", value = \"..\", default = EXPR)`",
        );
    }
    let literal_count = match &attr.options {
        Some((_, Options::Literal { span, options })) => {
            option_list(cx, *span, options);
            Some(options.len())
        }
        _ => None,
    };
    values_range(cx, &attr.min_values, &attr.max_values, literal_count);
}

/// Discord needs 1 to 25 options, each with a label and a value of at most
/// 100 characters.
pub(crate) fn option_list(cx: &mut Ctxt, span: proc_macro2::Span, options: &[OptionAttr]) {
    if options.is_empty() {
        cx.syn_error(syn::Error::new(
            span,
            "a string select needs at least one option",
        ));
    } else if options.len() > limits::SELECT_OPTIONS_MAX {
        cx.syn_error(syn::Error::new(
            span,
            format!(
                "{} options; Discord allows at most {} in a select",
                options.len(),
                limits::SELECT_OPTIONS_MAX
            ),
        ));
    }
    for option in options {
        if option.clean && option.label.is_none() {
            cx.error_spanned_by(&option.ident, "this option needs a `label`");
        }
        if option.clean && option.value.is_none() {
            cx.error_spanned_by(&option.ident, "this option needs a `value`");
        }
        text_length(
            cx,
            option.label.as_ref(),
            "option `label`",
            limits::OPTION_TEXT_MAX,
        );
        text_length(
            cx,
            option.value.as_ref(),
            "option `value`",
            limits::OPTION_TEXT_MAX,
        );
        text_length(
            cx,
            option.description.as_ref(),
            "option `description`",
            limits::OPTION_TEXT_MAX,
        );
        emoji_literal(cx, option.emoji.as_ref());
    }
}

/// 0 <= min_values <= max_values <= 25, and a string select cannot ask for
/// more values than it has options (a select in a view or in a modal).
pub(crate) fn values_range(
    cx: &mut Ctxt,
    min_values: &Option<(u64, LitInt)>,
    max_values: &Option<(u64, LitInt)>,
    option_count: Option<usize>,
) {
    for (value, lit) in [min_values, max_values].into_iter().flatten() {
        if *value > u64::from(limits::SELECT_VALUES_MAX) {
            cx.error_spanned_by(
                lit,
                format!(
                    "Discord allows at most {} values in a select",
                    limits::SELECT_VALUES_MAX
                ),
            );
        }
    }
    if let (Some((min, _)), Some((max, max_lit))) = (min_values, max_values)
        && min > max
    {
        cx.error_spanned_by(
            max_lit,
            format!("`max_values` ({max}) is smaller than `min_values` ({min})"),
        );
    }
    if let (Some(count), Some((max, lit))) = (option_count, max_values)
        && usize::try_from(*max).is_ok_and(|max| max > count)
        && count > 0
    {
        cx.error_spanned_by(
            lit,
            format!("`max_values` is {max} but the select has only {count} options"),
        );
    }
}

/// A handler is `async fn name(&self | &mut self, ctx: ViewContext, extra...)`:
/// the router calls it with the locked view and the interaction's context.
pub fn handler_signature(cx: &mut Ctxt, item: &Item<'_>, method: &ImplItemFn) {
    let sig = &method.sig;
    if sig.asyncness.is_none() {
        cx.error_spanned_by(
            sig.fn_token,
            format!("handler `{}` must be an `async fn`", item.name),
        );
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        cx.error_spanned_by(
            &sig.generics,
            format!(
                "handler `{}` cannot be generic: the dispatch table needs one concrete function",
                item.name
            ),
        );
    }
    let mut inputs = sig.inputs.iter();
    match inputs.next() {
        Some(FnArg::Receiver(receiver))
            if receiver.reference.is_some() && receiver.colon_token.is_none() => {}
        Some(FnArg::Receiver(receiver)) => cx.error_spanned_by(
            receiver,
            format!(
                "handler `{}` takes `&self` or `&mut self`: the view stays owned by the router",
                item.name
            ),
        ),
        _ => {
            cx.error_spanned_by(
                &sig.ident,
                format!(
                    "handler `{}` needs a receiver: `&self` or `&mut self`",
                    item.name
                ),
            );
            return;
        }
    }
    match inputs.next() {
        None => cx.syn_error(syn::Error::new(
            sig.paren_token.span.join(),
            format!(
                "handler `{}` needs the context argument: `ctx: ViewContext`",
                item.name
            ),
        )),
        Some(FnArg::Typed(arg)) if matches!(*arg.ty, Type::Reference(_)) => cx.error_spanned_by(
            &arg.ty,
            "take the context by value: `ctx: ViewContext` (it is cheap to clone)",
        ),
        Some(_) => {}
    }
    for arg in sig.inputs.iter().skip(2) {
        if let FnArg::Typed(arg) = arg
            && matches!(*arg.pat, Pat::Ident(ref ident) if ident.by_ref.is_some())
        {
            cx.error_spanned_by(&arg.pat, "handler arguments cannot be bound by `ref`");
        }
    }
    if let Some(variadic) = &sig.variadic {
        cx.error_spanned_by(variadic, "handlers cannot be variadic");
    }
}

/// Hooks override the `View` trait's methods; their shape must match the
/// trait's so the forwarding impl compiles.
fn hook_signature(cx: &mut Ctxt, hook: &Hook<'_>) {
    let sig = &hook.method.sig;
    let name = hook.name.to_string();
    if sig.asyncness.is_none() {
        cx.error_spanned_by(sig.fn_token, format!("hook `{name}` must be an `async fn`"));
    }
    if !sig.generics.params.is_empty() {
        cx.error_spanned_by(&sig.generics, format!("hook `{name}` cannot be generic"));
    }
    let (expected, arity) = match name.as_str() {
        "interaction_check" => (
            "async fn interaction_check(&self, ctx: &ViewContext) -> bool",
            2,
        ),
        "on_error" => (
            "async fn on_error(&mut self, ctx: &ViewContext, error: &HandlerError)",
            3,
        ),
        _ => ("async fn on_timeout(&mut self)", 1),
    };
    let receiver_ok = match sig.inputs.first() {
        Some(FnArg::Receiver(receiver)) => {
            receiver.colon_token.is_none()
                && receiver.reference.is_some()
                && (name != "interaction_check" || receiver.mutability.is_none())
        }
        _ => false,
    };
    let output_ok = match (&sig.output, name.as_str()) {
        (ReturnType::Default, "interaction_check") => false,
        (ReturnType::Type(_, ty), "interaction_check") => {
            matches!(&**ty, Type::Path(path) if path.qself.is_none() && path.path.is_ident("bool"))
        }
        (ReturnType::Default, _) => true,
        (ReturnType::Type(_, ty), _) => matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()),
    };
    if !receiver_ok || sig.inputs.len() != arity || !output_ok {
        cx.error_spanned_by(
            &sig.ident,
            format!("hook `{name}` must have the signature `{expected}`"),
        );
    }
}

mod premium;
mod style;
#[cfg(test)]
mod tests;
