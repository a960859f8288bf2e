//! custom_id templates: the custom_id of a dynamic item, such as
//! `role:{role_id}`, is literal text with `{name}` fields. The item's state
//! travels in its id, so it needs no store and survives restarts.
//!
//! The macros parse a template at compile time and apply the `check_*`
//! rules; the runtime builds ids with [`Template::write`] and routes them
//! with [`prefix`] and [`Template::read`]. Both go through [`Template::parse`],
//! so a template means the same thing to both.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt;

use crate::limits::CUSTOM_ID_MAX;

/// Whether `custom_id` is a template (has a `{`): such an id never names a
/// static item.
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
pub fn is_template(custom_id: &str) -> bool {
    custom_id.contains('{')
}

/// The literal text before the first `{` (the whole id if there is none):
/// what the router finds a template by.
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
pub fn prefix(template: &str) -> &str {
    template
        .split_once('{')
        .map_or(template, |(prefix, _)| prefix)
}

/// One part of a template.
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum Segment<'a> {
    /// Literal text.
    Literal(&'a str),
    /// A `{name}` field: the name between the braces.
    Field(&'a str),
}

/// A template split into its segments, braces balanced.
///
/// ```
/// use views_ids::template::Template;
///
/// let template = Template::parse("role:{role_id}")?;
/// assert_eq!(template.prefix(), "role:");
/// assert_eq!(template.read("role:42"), Some(vec!["42"]));
/// assert_eq!(template.write(&["7"]).as_deref(), Some("role:7"));
/// # Ok::<(), views_ids::template::TemplateError>(())
/// ```
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct Template<'a> {
    source: &'a str,
    segments: Vec<Segment<'a>>,
}

impl<'a> Template<'a> {
    /// Splits `source` into literal text and `{name}` fields.
    ///
    /// # Errors
    ///
    /// A `}` outside a field ([`TemplateError::UnmatchedClose`]), or a `{`
    /// that is not closed before the next `{` or the end
    /// ([`TemplateError::UnclosedOpen`]).
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn parse(source: &'a str) -> Result<Self, TemplateError> {
        let mut segments = Vec::new();
        let mut rest = source;
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                if rest.contains('}') {
                    return Err(TemplateError::UnmatchedClose);
                }
                segments.push(Segment::Literal(rest));
                break;
            };
            let literal = &rest[..open];
            if literal.contains('}') {
                return Err(TemplateError::UnmatchedClose);
            }
            if !literal.is_empty() {
                segments.push(Segment::Literal(literal));
            }
            let after = &rest[open + 1..];
            let name = after
                .find('}')
                .map(|close| &after[..close])
                .filter(|name| !name.contains('{'))
                .ok_or(TemplateError::UnclosedOpen)?;
            segments.push(Segment::Field(name));
            rest = &after[name.len() + 1..];
        }
        Ok(Self { source, segments })
    }

    /// The template's text.
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Its segments, in order; never two literals in a row.
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn segments(&self) -> &[Segment<'a>] {
        &self.segments
    }

    /// Its segments, owned.
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn into_segments(self) -> Vec<Segment<'a>> {
        self.segments
    }

    /// The literal text before the first field (see [`prefix`]).
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn prefix(&self) -> &'a str {
        prefix(self.source)
    }

    /// Its fields, in order, repeats included.
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn fields(&self) -> impl Iterator<Item = Field<'a>> + '_ {
        self.segments
            .iter()
            .enumerate()
            .filter_map(|(index, segment)| match *segment {
                Segment::Field(name) => Some(Field {
                    name,
                    repeated: self.segments[..index].contains(segment),
                }),
                Segment::Literal(_) => None,
            })
    }

    /// The names of its fields, in order, repeats included.
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn field_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.fields().map(|field| field.name)
    }

    /// The router finds a template by its literal prefix, so the template
    /// must start with literal text.
    ///
    /// # Errors
    ///
    /// [`TemplateError::NoLiteralPrefix`].
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
    pub fn check_literal_prefix(&self) -> Result<(), TemplateError> {
        match self.segments.first() {
            Some(Segment::Literal(_)) => Ok(()),
            _ => Err(TemplateError::NoLiteralPrefix),
        }
    }

    /// Two touching fields (`{a}{b}`) have no boundary, so an id could not
    /// be split back into them.
    ///
    /// # Errors
    ///
    /// [`TemplateError::FieldsTouch`].
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
    pub fn check_fields_apart(&self) -> Result<(), TemplateError> {
        let touch = self
            .segments
            .windows(2)
            .any(|pair| matches!(pair, [Segment::Field(_), Segment::Field(_)]));
        if touch {
            Err(TemplateError::FieldsTouch)
        } else {
            Ok(())
        }
    }

    /// The fewest characters an id built from the template has: its
    /// literal text and one character per field (an empty field reads as
    /// no value).
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
    pub fn min_len(&self) -> usize {
        self.segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => text.chars().count(),
                Segment::Field(_) => 1,
            })
            .sum()
    }

    /// Every id built from a template whose [`Self::min_len`] is over
    /// [`CUSTOM_ID_MAX`] would be refused by Discord.
    ///
    /// # Errors
    ///
    /// [`TemplateError::TooLong`].
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
    pub fn check_length(&self) -> Result<(), TemplateError> {
        let min_len = self.min_len();
        if min_len > CUSTOM_ID_MAX {
            Err(TemplateError::TooLong { min_len })
        } else {
            Ok(())
        }
    }

    /// The field texts of `custom_id`, in template order; `None` unless the
    /// whole id matches. A field ends at the first occurrence of the
    /// literal after it (the last field at the end of the id), so each id
    /// has one reading.
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn read<'id>(&self, custom_id: &'id str) -> Option<Vec<&'id str>> {
        let mut texts = Vec::new();
        let mut rest = custom_id;
        for (index, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Literal(literal) => rest = rest.strip_prefix(literal)?,
                Segment::Field(_) => match self.segments.get(index + 1) {
                    Some(Segment::Literal(next)) => {
                        let end = rest.find(next)?;
                        texts.push(&rest[..end]);
                        rest = &rest[end..];
                    }
                    None => {
                        texts.push(rest);
                        rest = "";
                    }
                    // Touching fields have no boundary (`check_fields_apart`).
                    Some(Segment::Field(_)) => return None,
                },
            }
        }
        rest.is_empty().then_some(texts)
    }

    /// The id with `texts` in place of the fields, in template order
    /// (texts beyond the fields are ignored); `None` if there are fewer
    /// texts than fields. It is not checked: a text holding the literal
    /// after its field, or an id over [`CUSTOM_ID_MAX`], is the caller's to
    /// refuse (the runtime does, with [`Self::read`] and the length).
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
    pub fn write<T: AsRef<str>>(&self, texts: &[T]) -> Option<String> {
        let mut id = String::new();
        let mut texts = texts.iter();
        for segment in &self.segments {
            match segment {
                Segment::Literal(literal) => id.push_str(literal),
                Segment::Field(_) => id.push_str(texts.next()?.as_ref()),
            }
        }
        Some(id)
    }
}

/// A `{name}` field of a [`Template`].
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#matching).
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct Field<'a> {
    /// The name between the braces.
    pub name: &'a str,
    repeated: bool,
}

impl Field<'_> {
    /// Each field is one value: a name written twice could be given two
    /// different texts in one id.
    ///
    /// # Errors
    ///
    /// [`TemplateError::RepeatedField`] if an earlier field has this name.
    ///
    /// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
    pub fn check_unique(&self) -> Result<(), TemplateError> {
        if self.repeated {
            Err(TemplateError::RepeatedField {
                name: self.name.to_string(),
            })
        } else {
            Ok(())
        }
    }
}

/// Why a template is not usable. The messages are the macros' compile
/// errors (which add an example where it helps).
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
#[derive(Clone, Debug, Eq, PartialEq)]
#[non_exhaustive]
pub enum TemplateError {
    /// A `}` outside a field.
    UnmatchedClose,
    /// A `{` not closed before the next `{` or the end.
    UnclosedOpen,
    /// The template starts with a field.
    NoLiteralPrefix,
    /// Two fields touch (`{a}{b}`).
    FieldsTouch,
    /// A field name appears twice.
    RepeatedField {
        /// The name.
        name: String,
    },
    /// Every id built from the template is longer than [`CUSTOM_ID_MAX`].
    TooLong {
        /// The fewest characters an id built from it has.
        min_len: usize,
    },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnmatchedClose => f.write_str("unmatched `}` in the custom_id template"),
            Self::UnclosedOpen => f.write_str("unclosed `{` in the custom_id template"),
            Self::NoLiteralPrefix => f.write_str("a custom_id template starts with literal text"),
            Self::FieldsTouch => f.write_str(
                "two placeholders touch in the custom_id template: put literal text between them",
            ),
            Self::RepeatedField { name } => write!(
                f,
                "placeholder `{{{name}}}` appears twice in the custom_id template"
            ),
            Self::TooLong { min_len } => write!(
                f,
                "the custom_id template needs at least {min_len} characters; \
                 Discord allows at most {CUSTOM_ID_MAX}"
            ),
        }
    }
}

impl core::error::Error for TemplateError {}

#[cfg(test)]
mod tests {
    use alloc::{string::ToString, vec, vec::Vec};

    use super::*;

    fn parse(source: &str) -> Template<'_> {
        Template::parse(source).expect("well formed")
    }

    #[test]
    fn splits_literals_and_fields() {
        assert_eq!(
            parse("a:{x}:b:{y}").segments(),
            [
                Segment::Literal("a:"),
                Segment::Field("x"),
                Segment::Literal(":b:"),
                Segment::Field("y"),
            ]
        );
        assert_eq!(parse("{x}").segments(), [Segment::Field("x")]);
        assert_eq!(parse("plain").segments(), [Segment::Literal("plain")]);
        assert_eq!(parse("").segments(), []);
        assert_eq!(
            parse("r:{a}:{b}").field_names().collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn brace_errors() {
        for (source, error) in [
            ("a:{x", TemplateError::UnclosedOpen),
            ("a:{x{y}", TemplateError::UnclosedOpen),
            ("a:}x", TemplateError::UnmatchedClose),
            ("a:x}", TemplateError::UnmatchedClose),
            ("a:{x}}", TemplateError::UnmatchedClose),
        ] {
            assert_eq!(Template::parse(source), Err(error), "{source}");
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(prefix("role:{role_id}"), "role:");
        assert_eq!(prefix("static"), "static");
        assert_eq!(parse("t:{n}:close").prefix(), "t:");
        assert!(is_template("role:{id}") && !is_template("role:1"));
    }

    #[test]
    fn rules() {
        assert_eq!(
            parse("{x}").check_literal_prefix(),
            Err(TemplateError::NoLiteralPrefix)
        );
        assert_eq!(parse("a{x}").check_literal_prefix(), Ok(()));
        assert_eq!(
            parse("a:{x}{y}").check_fields_apart(),
            Err(TemplateError::FieldsTouch)
        );
        assert_eq!(parse("a:{x}:{y}").check_fields_apart(), Ok(()));
        let unique: Vec<_> = parse("a:{x}:{y}:{x}")
            .fields()
            .map(|field| field.check_unique())
            .collect();
        let repeated = TemplateError::RepeatedField {
            name: "x".to_string(),
        };
        assert_eq!(unique, [Ok(()), Ok(()), Err(repeated.clone())]);
        assert_eq!(
            repeated.to_string(),
            "placeholder `{x}` appears twice in the custom_id template"
        );
        let long = "r".repeat(99) + ":{x}";
        assert_eq!(parse(&long).min_len(), 101);
        assert_eq!(
            parse(&long).check_length(),
            Err(TemplateError::TooLong { min_len: 101 })
        );
        assert_eq!(parse(&long[1..]).check_length(), Ok(()));
    }

    #[test]
    fn reads_whole_ids_only() {
        assert_eq!(parse("role:{id}").read("role:123"), Some(vec!["123"]));
        assert_eq!(
            parse("v:{a}:{b}:end").read("v:1:2:end"),
            Some(vec!["1", "2"])
        );
        assert_eq!(parse("v:{a}:end").read("v:1:end:x"), None);
        assert_eq!(parse("role:{id}").read("rule:1"), None);
        assert_eq!(parse("v:{a}:{b}").read("v:1"), None);
        assert_eq!(parse("v:{a}{b}").read("v:12"), None);
    }

    #[test]
    fn writes_and_reads_back() {
        let template = parse("v:{a}:{b}");
        let id = template.write(&["1", "x"]).expect("two texts");
        assert_eq!(id, "v:1:x");
        assert_eq!(template.read(&id), Some(vec!["1", "x"]));
        assert_eq!(template.write(&["1"]), None);
    }
}
