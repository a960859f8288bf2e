//! Dynamic items: custom_id templates with typed fields, such as
//! `role:{role_id}`. The state of a dynamic item travels in its custom_id,
//! so it needs no store and survives restarts by construction.
//!
//! A template is literal text with `{name}` fields; `#[view]` checks at
//! compile time that it starts with a literal prefix, that no two fields
//! touch, and that every field names a handler argument of an [`IdField`]
//! type. Building an id ([`format()`]) and matching one ([`fields`]) use the
//! same template, and [`format()`] refuses an id that would not match back to
//! the same field texts, so building and handling cannot drift.
//!
//! The grammar (segments, matching, writing) is `views_ids::template`,
//! shared with the macros; this module adds what runs: typed fields,
//! the checks of a built id, and routing by prefix.

use std::{
    error::Error,
    fmt::{self, Display},
    str::FromStr,
};

use views_ids::Template;
pub use views_ids::{Segment, is_template, limits::CUSTOM_ID_MAX, prefix};

use crate::error::HandlerError;

/// A field of a custom_id template: parsed from and written as text.
///
/// Implemented for every type that is `FromStr + Display` (ids, numbers,
/// `String`, your own enums with both impls).
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#field-types).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a custom_id field",
    label = "a `{{placeholder}}` of the custom_id template has this type",
    note = "a field of a dynamic item is parsed from the custom_id and written back into it: \
            its type must implement `FromStr` and `Display` (e.g. `Id<RoleMarker>`, `u64`, `String`)"
)]
pub trait IdField: Sized {
    /// Parses the field's text; `None` if it is not a valid value.
    fn from_field(text: &str) -> Option<Self>;
    /// The field's text inside a custom_id.
    fn to_field(&self) -> String;
}

impl<T: FromStr + Display> IdField for T {
    fn from_field(text: &str) -> Option<Self> {
        text.parse().ok()
    }

    fn to_field(&self) -> String {
        self.to_string()
    }
}

/// The segments of `template`; `None` for an unclosed `{` or a stray `}`
/// (which `#[view]` rejects at compile time).
pub fn segments(template: &str) -> Option<Vec<Segment<'_>>> {
    Template::parse(template).ok().map(Template::into_segments)
}

/// The field texts of `custom_id` matched against `template`, in template
/// order; `None` unless the whole id matches (see [`Template::read`]).
pub fn fields<'a>(template: &str, custom_id: &'a str) -> Option<Vec<&'a str>> {
    Template::parse(template).ok()?.read(custom_id)
}

/// Builds a custom_id from `template` and the field texts (in template
/// order), as the generated `<item>_custom_id` constructors do.
///
/// # Errors
///
/// The id is longer than Discord's 100 characters, or a field's text
/// contains the literal that follows it, so the id would not match back to
/// the same fields.
pub fn format(template: &'static str, texts: &[String]) -> Result<String, CustomIdError> {
    let invalid = || CustomIdError {
        kind: CustomIdErrorKind::InvalidTemplate { template },
    };
    let parsed = Template::parse(template).map_err(|_| invalid())?;
    let id = parsed.write(texts).ok_or_else(invalid)?;
    let len = id.chars().count();
    if len > CUSTOM_ID_MAX {
        return Err(CustomIdError {
            kind: CustomIdErrorKind::TooLong { custom_id: id, len },
        });
    }
    let read = parsed.read(&id).unwrap_or_default();
    let misread = parsed
        .field_names()
        .enumerate()
        .find(|(index, _)| read.get(*index).copied() != texts.get(*index).map(String::as_str));
    if let Some((_, field)) = misread {
        return Err(CustomIdError {
            kind: CustomIdErrorKind::Ambiguous {
                field,
                custom_id: id,
            },
        });
    }
    Ok(id)
}

/// What a view's `render` puts in a dynamic item: the built id, or, if it
/// cannot be built, the error is logged and the over-long or ambiguous id
/// is used anyway, so sending it fails before it reaches Discord
/// (twilight-http validates message components; [`check_components`]
/// guards interaction responses).
pub fn rendered(result: Result<String, CustomIdError>, item: &'static str) -> String {
    match result {
        Ok(id) => id,
        Err(error) => {
            tracing::error!(item, %error, "cannot render a dynamic item's custom_id");
            match error.kind {
                CustomIdErrorKind::TooLong { custom_id, .. }
                | CustomIdErrorKind::Ambiguous { custom_id, .. } => custom_id,
                CustomIdErrorKind::InvalidTemplate { template }
                | CustomIdErrorKind::NoFields { template } => template.to_owned(),
            }
        }
    }
}

/// Checks every custom_id in `components` (nested rows, containers and
/// section accessories included) against Discord's 100-character limit.
///
/// # Errors
///
/// The first custom_id that is too long.
pub fn check_components(
    components: &[twilight_model::channel::message::Component],
) -> Result<(), CustomIdError> {
    use twilight_model::channel::message::Component;
    for component in components {
        let custom_id = match component {
            Component::ActionRow(row) => {
                check_components(&row.components)?;
                None
            }
            Component::Container(container) => {
                check_components(&container.components)?;
                None
            }
            Component::Section(section) => {
                check_components(std::slice::from_ref(&*section.accessory))?;
                None
            }
            Component::Button(button) => button.custom_id.as_deref(),
            Component::SelectMenu(select) => Some(select.custom_id.as_str()),
            _ => None,
        };
        if let Some(custom_id) = custom_id {
            let len = custom_id.chars().count();
            if len > CUSTOM_ID_MAX {
                return Err(CustomIdError {
                    kind: CustomIdErrorKind::TooLong {
                        custom_id: custom_id.to_owned(),
                        len,
                    },
                });
            }
        }
    }
    Ok(())
}

/// The error of a templated modal opened without an instance.
pub fn no_fields(template: &'static str) -> CustomIdError {
    CustomIdError {
        kind: CustomIdErrorKind::NoFields { template },
    }
}

/// Field `index` of the interaction's `custom_id`, parsed: what a dynamic
/// item's handler receives for its `{placeholder}` arguments.
///
/// # Errors
///
/// The custom_id does not match the template or the field does not parse
/// (the router checks both before running the handler, so only a
/// hand-made context gets here).
pub fn field<T>(
    custom_id: &str,
    template: &'static str,
    index: usize,
    codec: Codec<T>,
) -> Result<T, HandlerError> {
    fields(template, custom_id)
        .and_then(|texts| texts.get(index).copied())
        .and_then(codec.parse)
        .ok_or_else(|| {
            HandlerError::extract(format!(
                "custom_id {custom_id:?} does not match the template {template:?}"
            ))
        })
}

/// How a field type is read and written. Generated code gets every
/// field's functions through [`codec`], so a type without [`IdField`] is
/// reported once, on the handler argument.
pub struct Codec<T> {
    /// Parses a field's text.
    pub parse: fn(&str) -> Option<T>,
    /// Writes a field's text.
    pub write: fn(&T) -> String,
}

impl<T> Clone for Codec<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Codec<T> {}

impl<T> fmt::Debug for Codec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Codec")
    }
}

/// The [`Codec`] of `T`.
pub fn codec<T: IdField>() -> Codec<T> {
    Codec {
        parse: T::from_field,
        write: T::to_field,
    }
}

/// One dynamic item of a view, generated by `#[view]`.
#[derive(Clone, Copy, Debug)]
pub struct TemplateSpec {
    /// The item's index in [`crate::View::items`].
    pub index: usize,
    /// The template, e.g. `role:{role_id}`.
    pub template: &'static str,
    /// Whether a custom_id matches the whole template and every field
    /// parses as its argument's type.
    pub matches: fn(&str) -> bool,
}

/// Building a dynamic item's custom_id failed.
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
#[derive(Debug)]
pub struct CustomIdError {
    kind: CustomIdErrorKind,
}

// Errors cross task boundaries (spawned handlers, `Box<dyn Error + Send + Sync>` sources).
static_assertions::assert_impl_all!(CustomIdError: Send, Sync);

impl CustomIdError {
    /// What went wrong.
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
    pub fn kind(&self) -> &CustomIdErrorKind {
        &self.kind
    }
}

/// Kinds of [`CustomIdError`].
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
#[derive(Debug)]
#[non_exhaustive]
pub enum CustomIdErrorKind {
    /// The id is longer than Discord allows.
    TooLong {
        /// The id that was built.
        custom_id: String,
        /// Its length in characters.
        len: usize,
    },
    /// A field's text contains the literal after it, so the id would be
    /// read back differently.
    Ambiguous {
        /// The field.
        field: &'static str,
        /// The id that was built.
        custom_id: String,
    },
    /// A modal's templated custom_id was to be built without an instance
    /// to take its fields from (`open_empty_modal`).
    NoFields {
        /// The template.
        template: &'static str,
    },
    /// The template is malformed (only for hand-written templates).
    InvalidTemplate {
        /// The template.
        template: &'static str,
    },
}

impl Display for CustomIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            CustomIdErrorKind::TooLong { custom_id, len } => write!(
                f,
                "custom_id {custom_id:?} is {len} characters long; Discord allows at most {CUSTOM_ID_MAX}"
            ),
            CustomIdErrorKind::Ambiguous { field, custom_id } => write!(
                f,
                "field `{field}` of custom_id {custom_id:?} contains the text that follows it, \
                 so the id would not be read back the same"
            ),
            CustomIdErrorKind::InvalidTemplate { template } => {
                write!(f, "custom_id template {template:?} is malformed")
            }
            CustomIdErrorKind::NoFields { template } => write!(
                f,
                "custom_id template {template:?} needs field values: open the modal with an instance"
            ),
        }
    }
}

impl Error for CustomIdError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_prefix() {
        assert_eq!(prefix("role:{role_id}"), "role:");
        assert_eq!(
            segments("a:{x}:b:{y}"),
            Some(vec![
                Segment::Literal("a:"),
                Segment::Field("x"),
                Segment::Literal(":b:"),
                Segment::Field("y"),
            ])
        );
        assert_eq!(segments("a:{x"), None);
        assert_eq!(segments("a:}x"), None);
    }

    #[test]
    fn whole_id_matching() {
        assert_eq!(fields("role:{id}", "role:123"), Some(vec!["123"]));
        assert_eq!(fields("v:{a}:{b}:end", "v:1:2:end"), Some(vec!["1", "2"]));
        assert_eq!(fields("v:{a}:end", "v:1:end:x"), None);
        assert_eq!(fields("role:{id}", "rule:1"), None);
        assert_eq!(fields("v:{a}:{b}", "v:1"), None);
    }

    #[test]
    fn format_checks_length_and_round_trip() {
        let id = format("v:{a}:{b}", &["1".to_owned(), "x".to_owned()]).expect("fits");
        assert_eq!(id, "v:1:x");
        let long = "x".repeat(99);
        let error = format("v:{a}", &[long]).expect_err("too long");
        assert!(matches!(
            error.kind(),
            CustomIdErrorKind::TooLong { len: 101, .. }
        ));
        let error =
            format("v:{a}:{b}", &["1:2".to_owned(), "3".to_owned()]).expect_err("ambiguous");
        assert!(matches!(
            error.kind(),
            CustomIdErrorKind::Ambiguous { field: "a", .. }
        ));
    }
}

#[cfg(test)]
mod properties;
