//! Parses `#[button(...)]` and `#[select(...)]` into typed attributes, spans
//! kept. Rules that need the whole item or view live in `valid.rs`.

use proc_macro2::Span;
use syn::{Expr, ExprArray, ExprLit, Ident, Lit, LitInt, LitStr, ext::IdentExt};

use crate::{
    args::{self, Arg, ArgValue, Choice, OptionLit, Text},
    ctxt::Ctxt,
};

/// Keys of `#[button]` (`url` makes it a link button).
pub const BUTTON_KEYS: &[&str] = &[
    "custom_id",
    "label",
    "emoji",
    "style",
    "disabled",
    "row",
    "defer",
    "url",
    "id",
    "sku_id",
];
/// Keys of `#[select]`.
pub const SELECT_KEYS: &[&str] = &[
    "kind",
    "custom_id",
    "placeholder",
    "min_values",
    "max_values",
    "disabled",
    "row",
    "options",
    "channel_types",
    "default_values",
    "defer",
    "id",
];
/// Keys of one `option(...)`.
pub const OPTION_KEYS: &[&str] = &["label", "value", "description", "emoji", "default"];

/// `style = ".."` of a button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `"primary"` (blurple).
    Primary,
    /// `"secondary"` (grey), discord.py's default.
    Secondary,
    /// `"success"` (green).
    Success,
    /// `"danger"` (red).
    Danger,
    /// `"premium"`: a purchase button for an SKU (on an associated const,
    /// with `sku_id`); Discord sends no interaction for it.
    Premium,
}

impl Choice for Style {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("primary", Self::Primary),
        ("secondary", Self::Secondary),
        ("success", Self::Success),
        ("danger", Self::Danger),
        ("premium", Self::Premium),
    ];
    // discord.py's spellings of button styles, and where each went.
    const HINTS: &'static [(&'static str, &'static str)] = &[
        ("blurple", "discord.py's \"blurple\" is \"primary\" here"),
        ("grey", "discord.py's \"grey\" is \"secondary\" here"),
        ("gray", "discord.py's \"gray\" is \"secondary\" here"),
        ("green", "discord.py's \"green\" is \"success\" here"),
        ("red", "discord.py's \"red\" is \"danger\" here"),
        (
            "link",
            "a link button is `#[button(url = ..)]` on an associated const",
        ),
        (
            "url",
            "a link button is `#[button(url = ..)]` on an associated const",
        ),
    ];
}

/// `defer = ".."`: how an item's click is acknowledged when its handler is
/// slow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Defer {
    /// `"update"`: a deferred message update (the default).
    Update,
    /// `"ephemeral"`: a deferred ephemeral reply.
    Ephemeral,
    /// `"off"`: never deferred automatically.
    Off,
}

impl Choice for Defer {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("update", Self::Update),
        ("ephemeral", Self::Ephemeral),
        ("off", Self::Off),
    ];
}

/// `kind = ".."` of a select, in a view or a modal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectKind {
    /// `"string"`: the options listed in `options` (the default).
    String,
    /// `"user"`.
    User,
    /// `"role"`.
    Role,
    /// `"channel"`, optionally narrowed by `channel_types`.
    Channel,
    /// `"mentionable"`: users and roles.
    Mentionable,
}

impl Choice for SelectKind {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("string", Self::String),
        ("user", Self::User),
        ("role", Self::Role),
        ("channel", Self::Channel),
        ("mentionable", Self::Mentionable),
    ];
    // discord.py's select class names, and where each went.
    const HINTS: &'static [(&'static str, &'static str)] = &[
        ("text", "a text select is `kind = \"string\"`"),
        ("select", "a text select is `kind = \"string\"`"),
    ];
}

/// `channel_types = [...]` values and twilight's `ChannelType` variants.
pub const CHANNEL_TYPES: &[(&str, &str)] = &[
    ("text", "GuildText"),
    ("dm", "Private"),
    ("voice", "GuildVoice"),
    ("group_dm", "Group"),
    ("category", "GuildCategory"),
    ("announcement", "GuildAnnouncement"),
    ("announcement_thread", "AnnouncementThread"),
    ("public_thread", "PublicThread"),
    ("private_thread", "PrivateThread"),
    ("stage", "GuildStageVoice"),
    ("directory", "GuildDirectory"),
    ("forum", "GuildForum"),
    ("media", "GuildMedia"),
];

/// A value with the literal it came from.
pub type Spanned<T> = (T, LitStr);

/// `style = ..` of a button.
pub enum StyleValue {
    /// `style = "primary"` and the other names, checked at compile time.
    Lit(Spanned<Style>),
    /// A `ButtonStyle` expression (may use `self`), evaluated at each render.
    Expr(Box<Expr>),
}

impl StyleValue {
    /// The literal or the expression, for errors that point at the value.
    pub fn tokens(&self) -> &dyn quote::ToTokens {
        match self {
            Self::Lit((_, lit)) => lit,
            Self::Expr(expr) => expr,
        }
    }
}

/// `#[button(...)]`, interactive or link.
#[derive(Default)]
pub struct ButtonAttr {
    /// Declared custom_id.
    pub custom_id: Option<LitStr>,
    /// Label text.
    pub label: Option<Text>,
    /// Emoji text.
    pub emoji: Option<Text>,
    /// Button style.
    pub style: Option<StyleValue>,
    /// `disabled` as a bool expression.
    pub disabled: Option<Expr>,
    /// Explicit row.
    pub row: Option<(u64, LitInt)>,
    /// Auto-defer.
    pub defer: Option<Spanned<Defer>>,
    /// Link URL (link buttons only); the key, for errors on misuse.
    pub url: Option<(Ident, Text)>,
    /// `id = N`: Discord's numeric component id.
    pub id: Option<(i32, LitInt)>,
    /// `sku_id = N | EXPR` of a premium button; the key, for errors.
    pub sku_id: Option<(Ident, Expr)>,
}

impl ButtonAttr {
    /// `style = "premium"`.
    pub fn is_premium(&self) -> bool {
        matches!(self.style, Some(StyleValue::Lit((Style::Premium, _))))
    }
}

/// How `options` of a string select are given.
pub enum Options {
    /// `options = [option(...), ...]`, checked at compile time.
    Literal {
        /// The brackets.
        span: Span,
        /// Each option.
        options: Vec<OptionAttr>,
    },
    /// `options = <expr>` evaluating to `Vec<SelectMenuOption>`.
    Expr(Box<Expr>),
}

/// One literal `option(...)`.
pub struct OptionAttr {
    /// The `option` keyword.
    pub ident: Ident,
    /// Shown text.
    pub label: Option<Text>,
    /// Value sent to the bot.
    pub value: Option<Text>,
    /// Second line.
    pub description: Option<Text>,
    /// Emoji text.
    pub emoji: Option<Text>,
    /// Selected by default.
    pub default: Option<Expr>,
    /// Whether its keys parsed without errors (see `Item::clean`).
    pub clean: bool,
}

/// `#[select(...)]`.
#[derive(Default)]
pub struct SelectAttr {
    /// Select kind; `None` is a string select.
    pub kind: Option<Spanned<SelectKind>>,
    /// Declared custom_id.
    pub custom_id: Option<LitStr>,
    /// Placeholder text.
    pub placeholder: Option<Text>,
    /// Fewest values.
    pub min_values: Option<(u64, LitInt)>,
    /// Most values.
    pub max_values: Option<(u64, LitInt)>,
    /// `disabled` as a bool expression.
    pub disabled: Option<Expr>,
    /// Explicit row.
    pub row: Option<(u64, LitInt)>,
    /// String select options; the key, for errors on misuse.
    pub options: Option<(Ident, Options)>,
    /// Channel select types: indices into [`CHANNEL_TYPES`]; the key for errors.
    pub channel_types: Option<(Ident, Vec<usize>)>,
    /// `default_values = EXPR` of a user, role, channel or mentionable
    /// select: the entities shown chosen, evaluated at each render; the
    /// key, for errors.
    pub default_values: Option<(Ident, Expr)>,
    /// Auto-defer.
    pub defer: Option<Spanned<Defer>>,
    /// `id = N`: Discord's numeric component id.
    pub id: Option<(i32, LitInt)>,
}

impl SelectAttr {
    /// The select's kind: without `kind`, a string select.
    pub fn select_kind(&self) -> SelectKind {
        self.kind
            .as_ref()
            .map_or(SelectKind::String, |(kind, _)| *kind)
    }
}

/// Parses the arguments of a `#[button]`.
pub fn button(cx: &mut Ctxt, args: Vec<Arg>) -> ButtonAttr {
    let mut attr = ButtonAttr::default();
    for arg in args::checked(cx, args, BUTTON_KEYS, "#[button]") {
        match arg.key.unraw().to_string().as_str() {
            "custom_id" => attr.custom_id = args::lit_str(cx, arg),
            "label" => attr.label = args::text(cx, arg),
            "emoji" => attr.emoji = args::text(cx, arg),
            "style" => attr.style = style(cx, arg),
            "disabled" => attr.disabled = Some(args::flag_or_expr(arg)),
            "row" => attr.row = args::int(cx, arg),
            "defer" => attr.defer = args::choice(cx, arg),
            "id" => attr.id = args::component_id(cx, arg),
            "sku_id" => {
                let key = arg.key.clone();
                attr.sku_id = args::expr(cx, arg).map(|sku| (key, sku));
            }
            _ => {
                let key = arg.key.clone();
                attr.url = args::text(cx, arg).map(|url| (key, url));
            }
        }
    }
    attr
}

/// `style = "name"` (a checked choice) or `style = <expr>`: a string
/// literal keeps its compile-time check; anything else is a `ButtonStyle`
/// expression the compiler types.
fn style(cx: &mut Ctxt, arg: Arg) -> Option<StyleValue> {
    if let ArgValue::Expr(Expr::Lit(ExprLit {
        lit: Lit::Str(_), ..
    })) = &arg.value
    {
        return args::choice(cx, arg).map(StyleValue::Lit);
    }
    args::expr(cx, arg).map(|expr| StyleValue::Expr(Box::new(expr)))
}

/// Parses the arguments of a `#[select]`.
pub fn select(cx: &mut Ctxt, args: Vec<Arg>) -> SelectAttr {
    let mut attr = SelectAttr::default();
    for arg in args::checked(cx, args, SELECT_KEYS, "#[select]") {
        match arg.key.unraw().to_string().as_str() {
            "kind" => attr.kind = args::choice(cx, arg),
            "custom_id" => attr.custom_id = args::lit_str(cx, arg),
            "placeholder" => attr.placeholder = args::text(cx, arg),
            "min_values" => attr.min_values = args::int(cx, arg),
            "max_values" => attr.max_values = args::int(cx, arg),
            "disabled" => attr.disabled = Some(args::flag_or_expr(arg)),
            "row" => attr.row = args::int(cx, arg),
            "defer" => attr.defer = args::choice(cx, arg),
            "id" => attr.id = args::component_id(cx, arg),
            "options" => {
                let key = arg.key.clone();
                attr.options = options(cx, arg).map(|options| (key, options));
            }
            "default_values" => {
                let key = arg.key.clone();
                attr.default_values = args::expr(cx, arg).map(|values| (key, values));
            }
            _ => {
                let key = arg.key.clone();
                attr.channel_types = channel_types(cx, arg).map(|types| (key, types));
            }
        }
    }
    attr
}

/// `options = [option(...), ...]` or `options = <expr>`.
pub(crate) fn options(cx: &mut Ctxt, arg: Arg) -> Option<Options> {
    match arg.value {
        ArgValue::Options(list) => Some(Options::Literal {
            span: list.span,
            options: list.options.into_iter().map(|o| option(cx, o)).collect(),
        }),
        ArgValue::Expr(expr) => Some(Options::Expr(Box::new(expr))),
        ArgValue::Flag => {
            cx.error_spanned_by(
                &arg.key,
                "`options` needs a value: `options = [option(label = \"..\", value = \"..\"), ...]` or an expression",
            );
            None
        }
    }
}

/// One `option(...)`.
fn option(cx: &mut Ctxt, lit: OptionLit) -> OptionAttr {
    let before = cx.error_count();
    let mut attr = OptionAttr {
        ident: lit.ident,
        label: None,
        value: None,
        description: None,
        emoji: None,
        default: None,
        clean: true,
    };
    for arg in args::checked(cx, lit.args, OPTION_KEYS, "option(...)") {
        match arg.key.unraw().to_string().as_str() {
            "label" => attr.label = args::text(cx, arg),
            "value" => attr.value = args::text(cx, arg),
            "description" => attr.description = args::text(cx, arg),
            "emoji" => attr.emoji = args::text(cx, arg),
            _ => attr.default = Some(args::flag_or_expr(arg)),
        }
    }
    attr.clean = cx.error_count() == before;
    attr
}

/// `channel_types = ["text", "voice", ...]`.
pub(crate) fn channel_types(cx: &mut Ctxt, arg: Arg) -> Option<Vec<usize>> {
    let names: Vec<&str> = CHANNEL_TYPES.iter().map(|(name, _)| *name).collect();
    let expr = args::expr(cx, arg)?;
    let Expr::Array(ExprArray { elems, .. }) = expr else {
        cx.error_spanned_by(
            expr,
            "`channel_types` must be a list of string literals, e.g. `[\"text\", \"voice\"]`",
        );
        return None;
    };
    let mut types = Vec::new();
    for elem in elems {
        match elem {
            Expr::Lit(ExprLit {
                lit: Lit::Str(lit), ..
            }) => match names.iter().position(|name| *name == lit.value()) {
                Some(index) => types.push(index),
                None => cx.error_spanned_by(
                    &lit,
                    format!(
                        "unknown channel type \"{}\", expected one of {}",
                        lit.value(),
                        names
                            .iter()
                            .map(|name| format!("\"{name}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            },
            other => cx.error_spanned_by(other, "expected a channel type name, e.g. \"text\""),
        }
    }
    Some(types)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Args;

    fn args(tokens: proc_macro2::TokenStream) -> Vec<Arg> {
        syn::parse2::<Args>(tokens).expect("valid args").0
    }

    #[test]
    fn parses_a_full_button() {
        let mut cx = Ctxt::new();
        let attr = button(
            &mut cx,
            args(quote::quote!(
                custom_id = "a:b",
                label = format!("{}", self.n),
                emoji = "👍",
                style = "danger",
                disabled,
                row = 2,
                defer = "ephemeral"
            )),
        );
        assert!(cx.is_ok());
        assert_eq!(
            attr.custom_id.map(|lit| lit.value()).as_deref(),
            Some("a:b")
        );
        assert!(matches!(attr.label, Some(Text::Expr(_))));
        assert!(matches!(
            attr.style,
            Some(StyleValue::Lit((Style::Danger, _)))
        ));
        assert_eq!(attr.row.map(|(row, _)| row), Some(2));
        assert_eq!(attr.defer.map(|(defer, _)| defer), Some(Defer::Ephemeral));
        assert!(attr.disabled.is_some());
    }

    #[test]
    fn parses_a_select_with_literal_options_and_channel_types() {
        let mut cx = Ctxt::new();
        let attr = select(
            &mut cx,
            args(quote::quote!(
                custom_id = "s",
                options = [
                    option(label = "Red", value = "red", default),
                    option(label = "Blue", value = "blue")
                ],
                channel_types = ["text", "forum"],
                min_values = 1,
                max_values = 2
            )),
        );
        assert!(cx.is_ok());
        let Some((_, Options::Literal { options, .. })) = attr.options else {
            panic!("literal options expected");
        };
        assert_eq!(options.len(), 2);
        assert_eq!(
            options[0].label.as_ref().and_then(Text::literal).as_deref(),
            Some("Red")
        );
        assert!(options[0].default.is_some() && options[1].default.is_none());
        assert_eq!(attr.channel_types.map(|(_, t)| t), Some(vec![0, 11]));
        assert_eq!(attr.max_values.map(|(n, _)| n), Some(2));
    }

    #[test]
    fn raw_identifier_keys_mean_the_same_key() {
        let mut cx = Ctxt::new();
        let attr = button(&mut cx, args(quote::quote!(r#label = "A")));
        assert!(cx.is_ok());
        assert!(attr.label.is_some() && attr.url.is_none());
    }

    #[test]
    fn style_is_a_checked_name_or_an_expression() {
        let mut cx = Ctxt::new();
        let attr = button(
            &mut cx,
            args(quote::quote!(
                style = if self.n >= 5 {
                    ButtonStyle::Success
                } else {
                    ButtonStyle::Danger
                }
            )),
        );
        assert!(cx.is_ok());
        assert!(matches!(attr.style, Some(StyleValue::Expr(_))));
        button(&mut cx, args(quote::quote!(style = "green")));
        button(&mut cx, args(quote::quote!(style)));
        let errors = cx.to_compile_errors().to_string();
        assert!(
            errors.contains("discord.py's \\\"green\\\" is \\\"success\\\" here"),
            "{errors}"
        );
        assert!(errors.contains("`style` needs a value"), "{errors}");
    }

    #[test]
    fn select_options_may_be_an_expression() {
        let mut cx = Ctxt::new();
        let attr = select(&mut cx, args(quote::quote!(options = self.options())));
        assert!(cx.is_ok());
        assert!(matches!(attr.options, Some((_, Options::Expr(_)))));
    }

    #[test]
    fn bad_values_are_reported() {
        let mut cx = Ctxt::new();
        select(
            &mut cx,
            args(quote::quote!(
                kind = "usr",
                channel_types = ["txt"],
                custom_id = 5,
                placeholdr = "x"
            )),
        );
        let errors = cx.to_compile_errors().to_string();
        assert!(errors.contains("did you mean \\\"user\\\"?"), "{errors}");
        assert!(
            errors.contains("unknown channel type \\\"txt\\\""),
            "{errors}"
        );
        assert!(
            errors.contains("`custom_id` must be a string literal"),
            "{errors}"
        );
        assert!(errors.contains("did you mean `placeholder`?"), "{errors}");
    }
}
