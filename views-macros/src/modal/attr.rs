//! Parses `#[modal(..)]` and the input attribute of each field:
//! `#[text_input(..)]`, `#[select(..)]` (a string select, or with
//! `kind = ..` a user, role, channel or mentionable select),
//! `#[checkbox(..)]`, `#[checkbox_group(..)]`, `#[file_upload(..)]`, or
//! `#[text_display(..)]` for static text.

use proc_macro2::{Span, TokenStream};
use syn::{Expr, Ident, ItemStruct, LitInt, LitStr, Meta, Type, ext::IdentExt};

use crate::{
    args::{self, Args, Choice},
    ctxt::Ctxt,
    view_impl::attr::{self as item_attr, Options, SelectKind},
};

/// Keys of `#[modal(..)]`.
const MODAL_KEYS: &[&str] = &["title", "custom_id"];
/// The input attributes, by field.
pub const INPUT_ATTRS: &[&str] = &[
    "text_input",
    "select",
    "checkbox",
    "checkbox_group",
    "file_upload",
    "text_display",
];
/// Keys of `#[text_input(..)]`.
const TEXT_KEYS: &[&str] = &[
    "label",
    "description",
    "style",
    "placeholder",
    "min_length",
    "max_length",
    "required",
    "value",
];
/// Keys of a modal's `#[select(..)]`.
const SELECT_KEYS: &[&str] = &[
    "label",
    "description",
    "options",
    "placeholder",
    "min_values",
    "max_values",
    "required",
    "kind",
    "channel_types",
];
/// Keys of `#[checkbox_group(..)]`.
const GROUP_KEYS: &[&str] = &[
    "label",
    "description",
    "options",
    "min_values",
    "max_values",
    "required",
];
/// Keys of `#[file_upload(..)]`.
const FILE_KEYS: &[&str] = &[
    "label",
    "description",
    "min_values",
    "max_values",
    "required",
];
/// Keys of `#[text_display(..)]`.
const TEXT_DISPLAY_KEYS: &[&str] = &["content"];
/// Keys of `#[checkbox(..)]`.
const CHECKBOX_KEYS: &[&str] = &["label", "description", "default"];
/// `style = ".."` of a text input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextStyle {
    /// `"short"`: one line (the default).
    Short,
    /// `"paragraph"`: several lines.
    Paragraph,
}

impl Choice for TextStyle {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("short", Self::Short), ("paragraph", Self::Paragraph)];
}

/// A `#[modal]` struct.
pub struct ModalAttr {
    /// `title = ".."`.
    pub title: Option<LitStr>,
    /// `custom_id = ".."`.
    pub custom_id: Option<LitStr>,
    /// The inputs, in field order.
    pub inputs: Vec<Input>,
    /// `#[id_field]` fields: filled from a templated custom_id.
    pub id_fields: Vec<(Ident, Type)>,
    /// Span of the attribute arguments, for "missing key" errors.
    pub span: Span,
}

/// What a field's type is, as far as inputs care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `String`.
    String,
    /// `Option<String>`.
    OptionString,
    /// `Vec<String>`.
    VecString,
    /// `bool`.
    Bool,
    /// `Id<M>`, with M's name.
    Id(IdMarker),
    /// `Option<Id<M>>`.
    OptionId(IdMarker),
    /// `Vec<Id<M>>`.
    VecId(IdMarker),
    /// `Vec<Attachment>`.
    VecAttachment,
    /// `()`.
    Unit,
    /// Anything else.
    Other,
}

/// The marker of an `Id<M>` field, by its last path segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdMarker {
    /// `UserMarker`.
    User,
    /// `RoleMarker`.
    Role,
    /// `ChannelMarker`.
    Channel,
    /// `GenericMarker`.
    Generic,
    /// Any other marker.
    Other,
}

/// Which input a field is.
pub enum InputKind {
    /// `#[text_input]`.
    Text,
    /// `#[select]`: a string select, or an entity select with `kind`.
    Select {
        /// `kind = ".."`; `None` is a string select.
        kind: Option<(SelectKind, LitStr)>,
        /// `channel_types = [..]`: indices into the channel type names.
        channel_types: Option<(Ident, Vec<usize>)>,
        /// `options = [..]` or an expression.
        options: Option<Options>,
        /// `min_values = N`.
        min_values: Option<(u64, LitInt)>,
        /// `max_values = N`.
        max_values: Option<(u64, LitInt)>,
    },
    /// `#[checkbox_group]`.
    CheckboxGroup {
        /// `options = [option(..), ..]`.
        options: Option<Options>,
        /// `min_values = N`.
        min_values: Option<(u64, LitInt)>,
        /// `max_values = N`.
        max_values: Option<(u64, LitInt)>,
    },
    /// `#[checkbox]`.
    Checkbox {
        /// `default = EXPR`.
        default: Option<Expr>,
    },
    /// `#[file_upload]`.
    FileUpload {
        /// `min_values = N`.
        min_values: Option<(u64, LitInt)>,
        /// `max_values = N`.
        max_values: Option<(u64, LitInt)>,
    },
    /// `#[text_display]`: static text, no value.
    TextDisplay {
        /// `content = ".."`.
        content: Option<LitStr>,
    },
}

/// One input field.
pub struct Input {
    /// The field name (also the input's custom_id).
    pub ident: Ident,
    /// The field type.
    pub ty: Type,
    /// Its shape.
    pub field_type: FieldType,
    /// The input attribute's path, to point at the input.
    pub attr_path: syn::Path,
    /// Whether the attribute parsed cleanly.
    pub clean: bool,
    /// Which input.
    pub kind: InputKind,
    /// `label = ".."`.
    pub label: Option<LitStr>,
    /// `description = ".."`: the label's second line.
    pub description: Option<LitStr>,
    /// `style = ".."`.
    pub style: Option<(TextStyle, LitStr)>,
    /// `placeholder = ".."`.
    pub placeholder: Option<LitStr>,
    /// `min_length = N`.
    pub min_length: Option<(u64, LitInt)>,
    /// `max_length = N`.
    pub max_length: Option<(u64, LitInt)>,
    /// `required = bool`.
    pub required: Option<(bool, Expr)>,
    /// `value = ".."`.
    pub value: Option<LitStr>,
}

impl Input {
    /// Whether the field may be left empty.
    pub fn optional(&self) -> bool {
        match self.field_type {
            FieldType::OptionString | FieldType::OptionId(_) => true,
            FieldType::VecString | FieldType::VecId(_) | FieldType::VecAttachment => self
                .required
                .as_ref()
                .is_some_and(|(required, _)| !required),
            _ => false,
        }
    }
}

/// Parses the attribute and the fields.
pub fn parse(cx: &mut Ctxt, args: TokenStream, item: &ItemStruct) -> ModalAttr {
    let span = if args.is_empty() {
        item.ident.span()
    } else {
        syn::spanned::Spanned::span(&args)
    };
    let mut modal = ModalAttr {
        title: None,
        custom_id: None,
        inputs: Vec::new(),
        id_fields: Vec::new(),
        span,
    };
    match syn::parse2::<Args>(args) {
        Ok(Args(parsed)) => {
            for arg in args::checked(cx, parsed, MODAL_KEYS, "#[modal]") {
                let key = arg.key.unraw().to_string();
                let lit = args::lit_str(cx, arg);
                match key.as_str() {
                    "title" => modal.title = lit,
                    _ => modal.custom_id = lit,
                }
            }
        }
        Err(error) => cx.syn_error(error),
    }
    let syn::Fields::Named(fields) = &item.fields else {
        cx.error_spanned_by(
            &item.ident,
            "a `#[modal]` struct has named fields, one per input: `subject: String`",
        );
        return modal;
    };
    for field in &fields.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let mut found = field.attrs.iter().filter(|attr| is_input_attr(attr));
        if let Some(id_attr) = field
            .attrs
            .iter()
            .find(|attr| attr.path().is_ident("id_field"))
        {
            if let Some(input) = found.next() {
                cx.error_spanned_by(
                    input,
                    "an `#[id_field]` travels in the modal's custom_id; it is not an input",
                );
            }
            if !matches!(id_attr.meta, Meta::Path(_)) {
                cx.error_spanned_by(id_attr, "`#[id_field]` takes no arguments");
            }
            modal.id_fields.push((ident, field.ty.clone()));
            continue;
        }
        let Some(attr) = found.next() else {
            cx.error_spanned_by(
                &ident,
                format!(
                    "field `{ident}` of a modal needs an input attribute: \
                     `#[text_input(label = \"..\")]`, `#[select(..)]`, `#[checkbox(..)]`, \
                     `#[checkbox_group(..)]`, `#[file_upload(..)]` or `#[text_display(..)]`"
                ),
            );
            continue;
        };
        for extra in found {
            cx.error_spanned_by(extra, "a field has a single input attribute");
        }
        if let Some(input) = input(cx, ident, &field.ty, attr) {
            modal.inputs.push(input);
        }
    }
    modal
}

/// Whether `attr` is one of [`INPUT_ATTRS`].
pub fn is_input_attr(attr: &syn::Attribute) -> bool {
    INPUT_ATTRS.iter().any(|name| attr.path().is_ident(name))
}

/// Whether `attr` is one `#[modal]` reads (and strips) on a field.
pub fn is_field_attr(attr: &syn::Attribute) -> bool {
    is_input_attr(attr) || attr.path().is_ident("id_field")
}

/// One field's input.
fn input(cx: &mut Ctxt, ident: Ident, ty: &Type, attr: &syn::Attribute) -> Option<Input> {
    let which = attr.path().get_ident()?.to_string();
    let (keys, what, kind) = match which.as_str() {
        "text_input" => (TEXT_KEYS, "#[text_input]", InputKind::Text),
        "select" => (
            SELECT_KEYS,
            "#[select]",
            InputKind::Select {
                kind: None,
                channel_types: None,
                options: None,
                min_values: None,
                max_values: None,
            },
        ),
        "checkbox_group" => (
            GROUP_KEYS,
            "#[checkbox_group]",
            InputKind::CheckboxGroup {
                options: None,
                min_values: None,
                max_values: None,
            },
        ),
        "file_upload" => (
            FILE_KEYS,
            "#[file_upload]",
            InputKind::FileUpload {
                min_values: None,
                max_values: None,
            },
        ),
        "text_display" => (
            TEXT_DISPLAY_KEYS,
            "#[text_display]",
            InputKind::TextDisplay { content: None },
        ),
        _ => (
            CHECKBOX_KEYS,
            "#[checkbox]",
            InputKind::Checkbox { default: None },
        ),
    };
    let mut input = Input {
        ident,
        ty: ty.clone(),
        field_type: field_type(ty),
        attr_path: attr.path().clone(),
        clean: true,
        kind,
        label: None,
        description: None,
        style: None,
        placeholder: None,
        min_length: None,
        max_length: None,
        required: None,
        value: None,
    };
    let before = cx.error_count();
    let parsed = match &attr.meta {
        Meta::List(list) => match syn::parse2::<Args>(list.tokens.clone()) {
            Ok(Args(parsed)) => parsed,
            Err(error) => {
                cx.syn_error(error);
                Vec::new()
            }
        },
        _ => Vec::new(),
    };
    for arg in args::checked(cx, parsed, keys, what) {
        let key = arg.key.unraw().to_string();
        match (key.as_str(), &mut input.kind) {
            ("label", _) => input.label = args::lit_str(cx, arg),
            ("description", _) => input.description = args::lit_str(cx, arg),
            ("placeholder", _) => input.placeholder = args::lit_str(cx, arg),
            ("value", _) => input.value = args::lit_str(cx, arg),
            ("style", _) => input.style = args::choice(cx, arg),
            ("min_length", _) => input.min_length = args::int(cx, arg),
            ("max_length", _) => input.max_length = args::int(cx, arg),
            ("kind", InputKind::Select { kind, .. }) => {
                *kind = args::choice(cx, arg);
            }
            ("channel_types", InputKind::Select { channel_types, .. }) => {
                let key = arg.key.clone();
                *channel_types = item_attr::channel_types(cx, arg).map(|types| (key, types));
            }
            (
                "options",
                InputKind::Select { options, .. } | InputKind::CheckboxGroup { options, .. },
            ) => {
                *options = item_attr::options(cx, arg);
            }
            (
                "min_values",
                InputKind::Select { min_values, .. }
                | InputKind::CheckboxGroup { min_values, .. }
                | InputKind::FileUpload { min_values, .. },
            ) => {
                *min_values = args::int(cx, arg);
            }
            (
                "max_values",
                InputKind::Select { max_values, .. }
                | InputKind::CheckboxGroup { max_values, .. }
                | InputKind::FileUpload { max_values, .. },
            ) => {
                *max_values = args::int(cx, arg);
            }
            ("default", InputKind::Checkbox { default }) => {
                *default = Some(args::flag_or_expr(arg));
            }
            ("content", InputKind::TextDisplay { content }) => {
                *content = args::lit_str(cx, arg);
            }
            _ => {
                let expr = args::flag_or_expr(arg);
                match &expr {
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Bool(value),
                        ..
                    }) => input.required = Some((value.value, expr.clone())),
                    other => cx.error_spanned_by(
                        other,
                        "`required` must be `true` or `false`: it decides the field's type",
                    ),
                }
            }
        }
    }
    input.clean = cx.error_count() == before;
    Some(input)
}

/// The shape of `ty`, read from its last path segment.
fn field_type(ty: &Type) -> FieldType {
    if let Type::Tuple(tuple) = ty
        && tuple.elems.is_empty()
    {
        return FieldType::Unit;
    }
    let Type::Path(path) = ty else {
        return FieldType::Other;
    };
    let Some(last) = path.path.segments.last() else {
        return FieldType::Other;
    };
    if last.arguments.is_empty() {
        return if last.ident == "String" {
            FieldType::String
        } else if last.ident == "bool" {
            FieldType::Bool
        } else {
            FieldType::Other
        };
    }
    if last.ident == "Id" {
        return id_marker(&last.arguments).map_or(FieldType::Other, FieldType::Id);
    }
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(Type::Path(inner))) = args.args.first()
        && args.args.len() == 1
        && let Some(segment) = inner.path.segments.last()
        && segment.ident == "Id"
        && let Some(marker) = id_marker(&segment.arguments)
    {
        if last.ident == "Option" {
            return FieldType::OptionId(marker);
        }
        if last.ident == "Vec" {
            return FieldType::VecId(marker);
        }
    }
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(Type::Path(inner))) = args.args.first()
        && args.args.len() == 1
        && inner
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Attachment" && s.arguments.is_empty())
        && last.ident == "Vec"
    {
        return FieldType::VecAttachment;
    }
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(Type::Path(inner))) = args.args.first()
        && args.args.len() == 1
        && inner
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "String" && s.arguments.is_empty())
    {
        if last.ident == "Option" {
            return FieldType::OptionString;
        }
        if last.ident == "Vec" {
            return FieldType::VecString;
        }
    }
    FieldType::Other
}

/// The marker of `Id<M>`'s arguments, by M's last path segment.
fn id_marker(arguments: &syn::PathArguments) -> Option<IdMarker> {
    let syn::PathArguments::AngleBracketed(args) = arguments else {
        return None;
    };
    let [syn::GenericArgument::Type(Type::Path(marker))] =
        args.args.iter().collect::<Vec<_>>().as_slice()
    else {
        return None;
    };
    let name = marker.path.segments.last()?.ident.to_string();
    Some(match name.as_str() {
        "UserMarker" => IdMarker::User,
        "RoleMarker" => IdMarker::Role,
        "ChannelMarker" => IdMarker::Channel,
        "GenericMarker" => IdMarker::Generic,
        _ => IdMarker::Other,
    })
}
