//! The compile-time rules of a modal: Discord's limits (what its API
//! answers `400 Invalid Form Body` to when the modal is opened) and the
//! match between an input's `required` and its field type.

use syn::{ItemStruct, LitStr};
use views_ids::{
    AWAITED_PREFIX, Template, is_template,
    limits::{
        CHECKBOX_GROUP_OPTIONS_MAX, CHECKBOX_GROUP_VALUES_MAX, CUSTOM_ID_MAX,
        FILE_UPLOAD_VALUES_MAX, INPUT_DESCRIPTION_MAX, INPUT_LABEL_MAX, MODAL_COMPONENTS_MAX,
        MODAL_TITLE_MAX, SELECT_PLACEHOLDER_MAX, SELECT_VALUES_MAX, TEXT_DISPLAY_MAX,
        TEXT_INPUT_LENGTH_MAX, TEXT_INPUT_PLACEHOLDER_MAX,
    },
};

use super::attr::{FieldType, IdMarker, Input, InputKind, ModalAttr};
use crate::{
    ctxt::Ctxt,
    view_impl::{
        attr::{Options, SelectKind},
        valid::{option_list, values_range},
    },
};

/// Runs every rule.
pub fn check(cx: &mut Ctxt, modal: &ModalAttr, item: &ItemStruct) {
    if !item.generics.params.is_empty() {
        cx.error_spanned_by(
            &item.generics,
            "a `#[modal]` struct cannot be generic: its custom_id routes to one type",
        );
    }
    match &modal.title {
        Some(title) => text_length(cx, title, "`title`", MODAL_TITLE_MAX, true),
        None => cx.syn_error(syn::Error::new(
            modal.span,
            format!("a modal needs a `title = \"..\"` (at most {MODAL_TITLE_MAX} characters)"),
        )),
    }
    match &modal.custom_id {
        Some(custom_id) => custom_id_rules(cx, custom_id, modal),
        None => cx.syn_error(syn::Error::new(
            modal.span,
            "a modal needs a `custom_id = \"..\"`: its submission is routed by it",
        )),
    }
    if let syn::Fields::Named(fields) = &item.fields {
        let inputs = fields.named.len() - modal.id_fields.len();
        if inputs == 0 {
            cx.error_spanned_by(&item.ident, "a modal needs at least one input field");
        } else if inputs > MODAL_COMPONENTS_MAX {
            cx.error_spanned_by(
                &item.ident,
                format!(
                    "a modal has at most {MODAL_COMPONENTS_MAX} inputs; `{}` has {inputs}",
                    item.ident,
                ),
            );
        }
    }
    for input in &modal.inputs {
        input_rules(cx, input);
    }
}

/// A literal longer than Discord's limit (or empty where it needs text).
fn text_length(cx: &mut Ctxt, lit: &LitStr, what: &str, max: usize, non_empty: bool) {
    let len = lit.value().chars().count();
    if non_empty && len == 0 {
        cx.error_spanned_by(lit, format!("{what} cannot be empty"));
    } else if len > max {
        cx.error_spanned_by(
            lit,
            format!("{what} is {len} characters long; Discord allows at most {max}"),
        );
    }
}

/// The modal's custom_id: 1-100 characters; a template's placeholders
/// are exactly its `#[id_field]`s, as for a dynamic item's arguments.
fn custom_id_rules(cx: &mut Ctxt, custom_id: &LitStr, modal: &ModalAttr) {
    let value = custom_id.value();
    if value.starts_with(AWAITED_PREFIX) {
        cx.error_spanned_by(
            custom_id,
            format!(
                "modal custom_ids starting with `{AWAITED_PREFIX}` are reserved for the ids of awaited modals"
            ),
        );
    }
    // Braces in a modal's id are template syntax even without a field, so
    // a stray `}` in a static id is refused too.
    let template = match Template::parse(&value) {
        Ok(template) => template,
        Err(error) => {
            cx.error_spanned_by(custom_id, error);
            return;
        }
    };
    if !is_template(&value) {
        text_length(cx, custom_id, "`custom_id`", CUSTOM_ID_MAX, true);
        if let Some((field, _)) = modal.id_fields.first() {
            cx.error_spanned_by(
                field,
                format!(
                    "`#[id_field]` `{field}` is filled from the custom_id: add `{{{field}}}` to it"
                ),
            );
        }
        return;
    }
    if let Err(error) = template.check_literal_prefix() {
        cx.error_spanned_by(
            custom_id,
            format!("{error} (e.g. `close:{{ticket}}`): the router finds the modal by that prefix"),
        );
    }
    if let Err(error) = template.check_fields_apart() {
        cx.error_spanned_by(custom_id, error);
    }
    for field in template.fields() {
        let name = field.name;
        if let Err(error) = field.check_unique() {
            cx.error_spanned_by(custom_id, error);
        } else if !modal.id_fields.iter().any(|(field, _)| field == name) {
            cx.error_spanned_by(
                custom_id,
                format!(
                    "placeholder `{{{name}}}` names no `#[id_field]` of the modal; add \
                     `#[id_field] {name}: T` (T: `FromStr + Display`)"
                ),
            );
        }
    }
    for (field, _) in &modal.id_fields {
        if !template.field_names().any(|name| field == name) {
            cx.error_spanned_by(
                field,
                format!(
                    "`#[id_field]` `{field}` is filled from the custom_id: add `{{{field}}}` to it"
                ),
            );
        }
    }
}

/// The rules of one input: its label, then those of its kind.
fn input_rules(cx: &mut Ctxt, input: &Input) {
    if let InputKind::TextDisplay { content } = &input.kind {
        text_display_rules(cx, input, content.as_ref());
        return;
    }
    match &input.label {
        // Discord shows a file upload only inside a label (its OpenAPI has
        // no file upload in an action row or at the top of a modal).
        None if input.clean && matches!(input.kind, InputKind::FileUpload { .. }) => cx
            .error_spanned_by(
                &input.attr_path,
                format!(
                    "file upload `{}` needs a `label = \"..\"` (at most {INPUT_LABEL_MAX} \
                     characters): Discord shows a file upload only inside a label",
                    input.ident
                ),
            ),
        Some(label) => text_length(cx, label, "`label`", INPUT_LABEL_MAX, true),
        None if input.clean => cx.error_spanned_by(
            &input.attr_path,
            format!(
                "input `{}` needs a `label = \"..\"` (at most {INPUT_LABEL_MAX} characters)",
                input.ident
            ),
        ),
        None => {}
    }
    if let Some(description) = &input.description {
        text_length(
            cx,
            description,
            "`description`",
            INPUT_DESCRIPTION_MAX,
            false,
        );
    }
    match &input.kind {
        InputKind::Text => text_rules(cx, input),
        InputKind::Select {
            kind: Some((kind, kind_lit)),
            channel_types,
            options,
            min_values,
            max_values,
        } if *kind != SelectKind::String => {
            entity_rules(cx, input, (*kind, kind_lit), options.as_ref());
            if let Some((key, _)) = channel_types
                && *kind != SelectKind::Channel
            {
                cx.error_spanned_by(key, "`channel_types` is for `kind = \"channel\"` selects");
            }
            values_rules(cx, min_values, max_values, SELECT_VALUES_MAX, "a select");
        }
        InputKind::Select {
            channel_types,
            options,
            min_values,
            max_values,
            ..
        } => {
            if let Some((key, _)) = channel_types {
                cx.error_spanned_by(key, "`channel_types` is for `kind = \"channel\"` selects");
            }
            select_rules(cx, input, options.as_ref(), min_values, max_values);
        }
        InputKind::CheckboxGroup {
            options,
            min_values,
            max_values,
        } => group_rules(cx, input, options.as_ref(), min_values, max_values),
        InputKind::Checkbox { .. } => {
            if input.field_type != FieldType::Bool {
                cx.error_spanned_by(&input.ty, "a checkbox field is a `bool`");
            }
        }
        InputKind::FileUpload {
            min_values,
            max_values,
        } => file_upload_rules(cx, input, min_values, max_values),
        // Handled above: a text display has no label.
        InputKind::TextDisplay { .. } => {}
    }
}

/// A file upload: 0 <= min_values <= max_values <= 10 and a
/// `Vec<Attachment>` field.
fn file_upload_rules(
    cx: &mut Ctxt,
    input: &Input,
    min_values: &Option<(u64, syn::LitInt)>,
    max_values: &Option<(u64, syn::LitInt)>,
) {
    values_rules(
        cx,
        min_values,
        max_values,
        FILE_UPLOAD_VALUES_MAX,
        "a file upload",
    );
    if input.field_type != FieldType::VecAttachment {
        cx.error_spanned_by(
            &input.ty,
            "a file upload field is a `Vec<Attachment>` (`twilight_model::channel::Attachment`) \
             of the uploaded files",
        );
    }
}

/// A text display: a `content` of 1 to 4,000 characters, a `()` field
/// (it shows text and carries no value).
fn text_display_rules(cx: &mut Ctxt, input: &Input, content: Option<&LitStr>) {
    match content {
        Some(content) => text_length(cx, content, "`content`", TEXT_DISPLAY_MAX, true),
        None if input.clean => cx.error_spanned_by(
            &input.attr_path,
            format!(
                "text display `{}` needs a `content = \"..\"` (markdown, at most \
                 {TEXT_DISPLAY_MAX} characters)",
                input.ident
            ),
        ),
        None => {}
    }
    if input.field_type != FieldType::Unit {
        cx.error_spanned_by(
            &input.ty,
            "a text display field is `()`: it shows text and carries no value",
        );
    }
}

/// Placeholder, lengths, value and the field type of a text input.
fn text_rules(cx: &mut Ctxt, input: &Input) {
    let ty_ok = matches!(
        input.field_type,
        FieldType::String | FieldType::OptionString
    );
    if !ty_ok {
        cx.error_spanned_by(
            &input.ty,
            "a text input field is `String` (required) or `Option<String>` (optional)",
        );
    }
    if let Some(placeholder) = &input.placeholder {
        text_length(
            cx,
            placeholder,
            "`placeholder`",
            TEXT_INPUT_PLACEHOLDER_MAX,
            false,
        );
    }
    if let Some(value) = &input.value {
        text_length(
            cx,
            value,
            "`value`",
            usize::from(TEXT_INPUT_LENGTH_MAX),
            false,
        );
    }
    let length_max = u64::from(TEXT_INPUT_LENGTH_MAX);
    if let Some((min, lit)) = &input.min_length
        && *min > length_max
    {
        cx.error_spanned_by(lit, format!("`min_length` is at most {length_max}"));
    }
    if let Some((max, lit)) = &input.max_length
        && !(1..=length_max).contains(max)
    {
        cx.error_spanned_by(lit, format!("`max_length` is between 1 and {length_max}"));
    }
    if let (Some((min, _)), Some((max, lit))) = (&input.min_length, &input.max_length)
        && min > max
    {
        cx.error_spanned_by(
            lit,
            format!("`max_length` ({max}) is smaller than `min_length` ({min})"),
        );
    }
    if ty_ok {
        required_matches_type(cx, input);
    }
}

/// The type decides whether an empty input is possible: `required` can
/// only restate it.
fn required_matches_type(cx: &mut Ctxt, input: &Input) {
    let optional = input.field_type == FieldType::OptionString;
    if let Some((required, expr)) = &input.required
        && *required == optional
    {
        let message = if *required {
            "a required input is a `String` field, not `Option<String>`"
        } else {
            "an optional input (`required = false`) is an `Option<String>` field"
        };
        cx.error_spanned_by(expr, message);
    }
}

/// A select's placeholder (string or entity select) fits Discord's limit.
fn select_placeholder(cx: &mut Ctxt, input: &Input) {
    if let Some(placeholder) = &input.placeholder {
        text_length(
            cx,
            placeholder,
            "`placeholder`",
            SELECT_PLACEHOLDER_MAX,
            false,
        );
    }
}

/// Options, values and the field type of a string select.
fn select_rules(
    cx: &mut Ctxt,
    input: &Input,
    options: Option<&Options>,
    min_values: &Option<(u64, syn::LitInt)>,
    max_values: &Option<(u64, syn::LitInt)>,
) {
    select_placeholder(cx, input);
    let count = match options {
        Some(Options::Literal { span, options }) => {
            option_list(cx, *span, options);
            Some(options.len())
        }
        Some(Options::Expr(_)) => None,
        None => {
            if input.clean {
                cx.error_spanned_by(
                    &input.attr_path,
                    format!(
                        "select `{}` needs `options = [option(label = \"..\", value = \"..\"), ...]`",
                        input.ident
                    ),
                );
            }
            None
        }
    };
    values_range(cx, min_values, max_values, count);
    match input.field_type {
        FieldType::String | FieldType::OptionString => {
            if let Some((max, lit)) = max_values
                && *max > 1
            {
                cx.error_spanned_by(
                    lit,
                    "a single-choice select is a `String` (or `Option<String>`) field; \
                     for several choices use `Vec<String>`",
                );
            }
            required_matches_type(cx, input);
        }
        FieldType::VecString => {}
        _ => cx.error_spanned_by(
            &input.ty,
            "a select field is `String` (one required choice), `Option<String>` (one optional \
             choice) or `Vec<String>` (several)",
        ),
    }
}

/// The marker of the `Id` field an entity select fills, and its name for
/// errors; `None` for a string select.
fn kind_marker(kind: SelectKind) -> Option<(IdMarker, &'static str)> {
    match kind {
        SelectKind::String => None,
        SelectKind::User => Some((IdMarker::User, "UserMarker")),
        SelectKind::Role => Some((IdMarker::Role, "RoleMarker")),
        SelectKind::Channel => Some((IdMarker::Channel, "ChannelMarker")),
        SelectKind::Mentionable => Some((IdMarker::Generic, "GenericMarker")),
    }
}

/// A user, role, channel or mentionable select: no options, an `Id` field
/// of the kind's marker, single-choice fields ask for one value.
fn entity_rules(
    cx: &mut Ctxt,
    input: &Input,
    kind: (SelectKind, &LitStr),
    options: Option<&Options>,
) {
    let (kind, kind_lit) = kind;
    let name = kind_lit.value();
    if let Some(options) = options {
        let span = match options {
            Options::Literal { span, .. } => *span,
            Options::Expr(expr) => syn::spanned::Spanned::span(expr),
        };
        cx.syn_error(syn::Error::new(
            span,
            format!("a `kind = \"{name}\"` select has no `options`: Discord lists the choices"),
        ));
    }
    select_placeholder(cx, input);
    let Some((marker, marker_name)) = kind_marker(kind) else {
        return;
    };
    let (found, single) = match input.field_type {
        FieldType::Id(found) | FieldType::OptionId(found) => (Some(found), true),
        FieldType::VecId(found) => (Some(found), false),
        _ => (None, false),
    };
    if found != Some(marker) {
        cx.error_spanned_by(
            &input.ty,
            format!(
                "a `kind = \"{name}\"` select field is `Id<{marker_name}>` (one required \
                 choice), `Option<Id<{marker_name}>>` (one optional choice) or \
                 `Vec<Id<{marker_name}>>` (several)"
            ),
        );
        return;
    }
    if single {
        let values = match &input.kind {
            InputKind::Select { max_values, .. } => max_values.as_ref(),
            _ => None,
        };
        if let Some((max, lit)) = values
            && *max > 1
        {
            cx.error_spanned_by(
                lit,
                format!(
                    "a single-choice select is an `Id<{marker_name}>` (or `Option<..>`) field; \
                     for several choices use `Vec<Id<{marker_name}>>`"
                ),
            );
        }
        let optional = matches!(input.field_type, FieldType::OptionId(_));
        if let Some((required, expr)) = &input.required
            && *required == optional
        {
            let message = if *required {
                format!("a required select is an `Id<{marker_name}>` field, not an `Option`")
            } else {
                format!(
                    "an optional select (`required = false`) is an `Option<Id<{marker_name}>>` field"
                )
            };
            cx.error_spanned_by(expr, message);
        }
    }
}

/// 0 <= min_values <= max_values <= `max` (and max_values >= 1).
fn values_rules(
    cx: &mut Ctxt,
    min_values: &Option<(u64, syn::LitInt)>,
    max_values: &Option<(u64, syn::LitInt)>,
    max: u8,
    what: &str,
) {
    let max = u64::from(max);
    if let Some((value, lit)) = min_values
        && *value > max
    {
        cx.error_spanned_by(
            lit,
            format!("`min_values` is {value}; Discord allows at most {max} in {what}"),
        );
    }
    if let Some((value, lit)) = max_values
        && !(1..=max).contains(value)
    {
        cx.error_spanned_by(
            lit,
            format!("`max_values` is {value}; Discord allows 1 to {max} in {what}"),
        );
    }
    if let (Some((min, _)), Some((max, lit))) = (min_values, max_values)
        && min > max
    {
        cx.error_spanned_by(
            lit,
            format!("`max_values` ({max}) is smaller than `min_values` ({min})"),
        );
    }
}

/// A checkbox group: 1-10 literal options without emoji, values within
/// the options, a `Vec<String>` field.
fn group_rules(
    cx: &mut Ctxt,
    input: &Input,
    options: Option<&Options>,
    min_values: &Option<(u64, syn::LitInt)>,
    max_values: &Option<(u64, syn::LitInt)>,
) {
    let count = match options {
        Some(Options::Literal { span, options }) => {
            if options.len() > CHECKBOX_GROUP_OPTIONS_MAX {
                cx.syn_error(syn::Error::new(
                    *span,
                    format!(
                        "{} options; Discord allows at most {CHECKBOX_GROUP_OPTIONS_MAX} in a checkbox group",
                        options.len()
                    ),
                ));
            }
            option_list(cx, *span, options);
            for option in options {
                if let Some(emoji) = &option.emoji {
                    let span = match emoji {
                        crate::args::Text::Lit(lit) => lit.span(),
                        crate::args::Text::Expr(expr) => syn::spanned::Spanned::span(expr),
                    };
                    cx.syn_error(syn::Error::new(
                        span,
                        "checkbox group options have no `emoji`",
                    ));
                }
            }
            Some(options.len())
        }
        Some(Options::Expr(expr)) => {
            cx.error_spanned_by(
                expr,
                "a checkbox group's `options` are a literal list: `[option(label = \"..\", value = \"..\"), ...]`",
            );
            None
        }
        None => {
            if input.clean {
                cx.error_spanned_by(
                    &input.attr_path,
                    format!(
                        "checkbox group `{}` needs `options = [option(label = \"..\", value = \"..\"), ...]`",
                        input.ident
                    ),
                );
            }
            None
        }
    };
    values_rules(
        cx,
        min_values,
        max_values,
        CHECKBOX_GROUP_VALUES_MAX,
        "a checkbox group",
    );
    // A `max_values` over the limit has its own error above.
    if let (Some(count), Some((max, lit))) = (count, max_values)
        && *max <= u64::from(CHECKBOX_GROUP_VALUES_MAX)
        && usize::try_from(*max).is_ok_and(|max| max > count)
        && count > 0
    {
        cx.error_spanned_by(
            lit,
            format!("`max_values` is {max} but the checkbox group has only {count} options"),
        );
    }
    if input.field_type != FieldType::VecString {
        cx.error_spanned_by(
            &input.ty,
            "a checkbox group field is a `Vec<String>` of the ticked values",
        );
    }
}
