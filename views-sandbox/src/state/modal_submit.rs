//! Modal submissions: the values a user enters in the modal the bot opened,
//! checked against that modal as the Discord client checks them, and
//! turned into the `data.components` of a MODAL_SUBMIT interaction with the
//! modal's own nesting (a label around each field, or a legacy action row
//! around a text input). Uploaded files are kept in the world and
//! described in `resolved.attachments`.

use serde_json::{Value, json};

use super::records::OpenModal;
use super::selection::{self, Resolved};
use super::uploads::{self, Upload};
use super::world::World;
use crate::error::{SandboxError, SandboxErrorKind};

const ACTION_ROW: u64 = 1;
const TEXT_INPUT: u64 = 4;
const TEXT_DISPLAY: u64 = 10;
const LABEL: u64 = 18;
const FILE_UPLOAD: u64 = 19;
const CHECKBOX_GROUP: u64 = 22;
const CHECKBOX: u64 = 23;
/// Discord's longest text input value.
const TEXT_MAX: u64 = 4000;

/// What a user enters in one modal field.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModalValue {
    /// The text of a text input.
    Text(String),
    /// The values chosen in a string, user, role, channel or mentionable
    /// select (option values, or ids).
    Select(Vec<String>),
    /// Whether a checkbox is ticked.
    Checkbox(bool),
    /// The values of the ticked boxes of a checkbox group.
    CheckboxGroup(Vec<String>),
    /// The files uploaded in a file upload.
    Files(Vec<Upload>),
}

impl ModalValue {
    const fn describe(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Select(_) => "select values",
            Self::Checkbox(_) => "a checkbox state",
            Self::CheckboxGroup(_) => "checkbox group values",
            Self::Files(_) => "files",
        }
    }
}

/// The values a user submits in a modal, by field custom_id. Fields left
/// out keep what the modal shows (its prefilled text, default options,
/// default ticks), as when a user submits without touching them.
///
/// ```
/// use views_sandbox::{ModalSubmission, ModalValue, Upload};
/// let submission = ModalSubmission::new()
///     .text("subject", "Printer on fire")
///     .select("floor", ["3"])
///     .checkbox("urgent", true)
///     .checkbox_group("notify", ["email", "sms"])
///     .files("photos", [Upload::new("fire.png", &b"\x89PNG"[..])]);
/// assert_eq!(submission.fields()[2], ("urgent".to_owned(), ModalValue::Checkbox(true)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModalSubmission {
    fields: Vec<(String, ModalValue)>,
}

impl ModalSubmission {
    /// An empty submission (every field keeps what the modal shows).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the value of field `custom_id`.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    #[must_use]
    pub fn value(mut self, custom_id: impl Into<String>, value: ModalValue) -> Self {
        self.fields.push((custom_id.into(), value));
        self
    }

    /// Types `value` into text input `custom_id`.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    #[must_use]
    pub fn text(self, custom_id: impl Into<String>, value: impl Into<String>) -> Self {
        self.value(custom_id, ModalValue::Text(value.into()))
    }

    /// Chooses `values` in select `custom_id` (string select option values;
    /// user, role, channel or mentionable ids).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    #[must_use]
    pub fn select<I, S>(self, custom_id: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let values = values.into_iter().map(Into::into).collect();
        self.value(custom_id, ModalValue::Select(values))
    }

    /// Ticks (or clears) checkbox `custom_id`.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    #[must_use]
    pub fn checkbox(self, custom_id: impl Into<String>, checked: bool) -> Self {
        self.value(custom_id, ModalValue::Checkbox(checked))
    }

    /// Ticks exactly the boxes `values` of checkbox group `custom_id`.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    #[must_use]
    pub fn checkbox_group<I, S>(self, custom_id: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let values = values.into_iter().map(Into::into).collect();
        self.value(custom_id, ModalValue::CheckboxGroup(values))
    }

    /// Uploads `files` in file upload `custom_id` (an empty list uploads
    /// nothing, which only an optional upload accepts).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    #[must_use]
    pub fn files(
        self,
        custom_id: impl Into<String>,
        files: impl IntoIterator<Item = Upload>,
    ) -> Self {
        self.value(custom_id, ModalValue::Files(files.into_iter().collect()))
    }

    /// The values set so far, in order.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn fields(&self) -> &[(String, ModalValue)] {
        &self.fields
    }
}

fn wrong(custom_id: &str) -> SandboxError {
    SandboxError::new(SandboxErrorKind::WrongComponent {
        custom_id: custom_id.to_owned(),
    })
}

fn missing(custom_id: &str) -> SandboxError {
    SandboxError::new(SandboxErrorKind::MissingField {
        custom_id: custom_id.to_owned(),
    })
}

fn strings(list: Option<&Value>, pick: impl Fn(&Value) -> Option<String>) -> Vec<String> {
    list.and_then(Value::as_array)
        .map(|items| items.iter().filter_map(pick).collect())
        .unwrap_or_default()
}

/// The options marked `default` of a string select or checkbox group.
fn default_options(field: &Value) -> Vec<String> {
    strings(field.get("options"), |o| {
        (o.get("default").and_then(Value::as_bool) == Some(true))
            .then(|| o.get("value").and_then(Value::as_str).map(str::to_owned))
            .flatten()
    })
}

/// A field's `required`, which defaults to true in modals.
fn required(field: &Value) -> bool {
    field
        .get("required")
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

/// Whether `custom_id` names a checkbox group of `modal` (the control API
/// sends both select and checkbox group values as a JSON array).
pub(crate) fn is_checkbox_group(modal: &OpenModal, custom_id: &str) -> bool {
    kind_of(modal, custom_id) == Some(CHECKBOX_GROUP)
}

/// Whether `custom_id` names a file upload of `modal` (the control API
/// sends its files as a JSON array, empty when nothing is uploaded).
pub(crate) fn is_file_upload(modal: &OpenModal, custom_id: &str) -> bool {
    kind_of(modal, custom_id) == Some(FILE_UPLOAD)
}

fn kind_of(modal: &OpenModal, custom_id: &str) -> Option<u64> {
    selection::find(&modal.components, custom_id)
        .and_then(|field| field.get("type"))
        .and_then(Value::as_u64)
}

/// Where uploaded files are served: the sandbox's address and the
/// application whose modal took them (Discord's attachment URLs name it).
pub(crate) struct UploadTarget {
    pub(crate) base: String,
    pub(crate) application_id: u64,
}

/// Builds the submitted `components` and `resolved` data of `modal`; the
/// uploaded files are kept in `state` once the whole submission is valid.
pub(crate) fn build(
    state: &mut World,
    modal: &OpenModal,
    submission: &ModalSubmission,
    target: &UploadTarget,
) -> Result<(Vec<Value>, Value), SandboxError> {
    for (i, (custom_id, _)) in submission.fields.iter().enumerate() {
        if submission.fields[..i].iter().any(|(c, _)| c == custom_id) {
            return Err(selection::invalid(custom_id, "given twice"));
        }
        if selection::find(&modal.components, custom_id).is_none() {
            return Err(SandboxError::new(SandboxErrorKind::UnknownField {
                custom_id: custom_id.clone(),
            }));
        }
    }
    let mut builder = Builder {
        state,
        submission,
        target,
        resolved: Resolved::default(),
        files: Vec::new(),
        next_id: 0,
    };
    let mut out = Vec::new();
    for component in modal.components.as_array().into_iter().flatten() {
        if let Some(built) = builder.top(component)? {
            out.push(built);
        }
    }
    for (id, file) in builder.files {
        builder.state.files.insert(id, file);
    }
    Ok((out, builder.resolved.into_value()))
}

struct Builder<'a> {
    state: &'a mut World,
    submission: &'a ModalSubmission,
    target: &'a UploadTarget,
    resolved: Resolved,
    /// The files of the uploads, kept once the whole submission is valid.
    files: Vec<(u64, Upload)>,
    next_id: i64,
}

impl Builder<'_> {
    /// The component's own `id`, or the next free number, as Discord
    /// numbers the components of a submission.
    fn id(&mut self, component: &Value) -> i64 {
        self.next_id += 1;
        component
            .get("id")
            .and_then(Value::as_i64)
            .unwrap_or(self.next_id)
    }

    fn given(&self, custom_id: &str) -> Option<&ModalValue> {
        self.submission
            .fields
            .iter()
            .find(|(c, _)| c == custom_id)
            .map(|(_, v)| v)
    }

    fn top(&mut self, component: &Value) -> Result<Option<Value>, SandboxError> {
        let kind = component.get("type").and_then(Value::as_u64).unwrap_or(0);
        Ok(match kind {
            ACTION_ROW => {
                let id = self.id(component);
                let mut children = Vec::new();
                for child in component
                    .get("components")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(built) = self.field(child)? {
                        children.push(built);
                    }
                }
                Some(json!({"type": ACTION_ROW, "id": id, "components": children}))
            }
            LABEL => {
                let id = self.id(component);
                let child = component.get("component").unwrap_or(&Value::Null);
                self.field(child)?
                    .map(|built| json!({"type": LABEL, "id": id, "component": built}))
            }
            TEXT_DISPLAY => Some(json!({"type": TEXT_DISPLAY, "id": self.id(component)})),
            _ => None,
        })
    }

    /// One input: the value given for it (or what the modal shows), checked.
    fn field(&mut self, field: &Value) -> Result<Option<Value>, SandboxError> {
        let kind = field.get("type").and_then(Value::as_u64).unwrap_or(0);
        let Some(custom_id) = field.get("custom_id").and_then(Value::as_str) else {
            return Ok(None);
        };
        let id = self.id(field);
        let given = self.given(custom_id).cloned();
        let value = match (kind, given) {
            (TEXT_INPUT, Some(ModalValue::Text(text))) => ModalValue::Text(text),
            (TEXT_INPUT, None) => ModalValue::Text(
                field
                    .get("value")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            ),
            (CHECKBOX, Some(ModalValue::Checkbox(checked))) => ModalValue::Checkbox(checked),
            (CHECKBOX, None) => ModalValue::Checkbox(
                field
                    .get("default")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            ),
            (CHECKBOX_GROUP, Some(ModalValue::CheckboxGroup(values))) => {
                ModalValue::CheckboxGroup(values)
            }
            (CHECKBOX_GROUP, None) => ModalValue::CheckboxGroup(default_options(field)),
            (k, Some(ModalValue::Select(values))) if selection::is_select_kind(k) => {
                ModalValue::Select(values)
            }
            (k, None) if selection::is_select_kind(k) => {
                ModalValue::Select(if field.get("options").is_some() {
                    default_options(field)
                } else {
                    strings(field.get("default_values"), |d| match d.get("id") {
                        Some(Value::String(id)) => Some(id.clone()),
                        Some(Value::Number(id)) => Some(id.to_string()),
                        _ => None,
                    })
                })
            }
            (FILE_UPLOAD, Some(ModalValue::Files(files))) => ModalValue::Files(files),
            // Nothing chosen: no file (an error when the upload is required).
            (FILE_UPLOAD, None) => ModalValue::Files(Vec::new()),
            (_, Some(value)) => {
                tracing::debug!(
                    custom_id,
                    kind,
                    given = value.describe(),
                    "wrong value kind"
                );
                return Err(wrong(custom_id));
            }
            (_, None) => {
                return Err(selection::invalid(
                    custom_id,
                    format!("the sandbox cannot fill component type {kind}"),
                ));
            }
        };
        Ok(Some(match value {
            ModalValue::Files(files) => {
                let ids = self.upload(field, custom_id, &files)?;
                json!({"type": kind, "id": id, "custom_id": custom_id, "values": ids})
            }
            ModalValue::Text(text) => {
                self.check_text(field, custom_id, &text)?;
                json!({"type": kind, "id": id, "custom_id": custom_id, "value": text})
            }
            ModalValue::Checkbox(checked) => {
                json!({"type": kind, "id": id, "custom_id": custom_id, "value": checked})
            }
            ModalValue::CheckboxGroup(values) => {
                check_group(field, custom_id, &values)?;
                json!({"type": kind, "id": id, "custom_id": custom_id, "values": values})
            }
            ModalValue::Select(values) => {
                if !values.is_empty() || required(field) {
                    if values.is_empty() {
                        return Err(missing(custom_id));
                    }
                    selection::check_select(
                        &*self.state,
                        field,
                        custom_id,
                        &values,
                        &mut self.resolved,
                    )?;
                }
                json!({"type": kind, "id": id, "custom_id": custom_id, "values": values})
            }
        }))
    }

    /// The files of file upload `custom_id`, checked, each under a fresh
    /// attachment id described in `resolved.attachments`; their ids.
    fn upload(
        &mut self,
        field: &Value,
        custom_id: &str,
        files: &[Upload],
    ) -> Result<Vec<String>, SandboxError> {
        if files.is_empty() {
            return if required(field) {
                Err(missing(custom_id))
            } else {
                Ok(Vec::new())
            };
        }
        uploads::check(field, custom_id, files)?;
        let mut ids = Vec::with_capacity(files.len());
        for file in files {
            let id = self.state.next_id();
            let attachment =
                uploads::attachment(&self.target.base, self.target.application_id, id, file);
            self.resolved.attachment(id, attachment);
            self.files.push((id, file.clone()));
            ids.push(id.to_string());
        }
        Ok(ids)
    }

    fn check_text(&self, field: &Value, custom_id: &str, text: &str) -> Result<(), SandboxError> {
        if text.is_empty() {
            return if required(field) {
                Err(missing(custom_id))
            } else {
                Ok(())
            };
        }
        let length = text.chars().count() as u64;
        let min = field.get("min_length").and_then(Value::as_u64).unwrap_or(0);
        let max = field
            .get("max_length")
            .and_then(Value::as_u64)
            .unwrap_or(TEXT_MAX);
        if length < min || length > max {
            return Err(selection::invalid(
                custom_id,
                format!("{length} characters, allowed {min}..={max}"),
            ));
        }
        Ok(())
    }
}

/// Ticked boxes: among the group's options, within `min_values` (default
/// 1, or 0 when not required) and `max_values` (default: all options).
fn check_group(field: &Value, custom_id: &str, values: &[String]) -> Result<(), SandboxError> {
    let options = strings(field.get("options"), |o| {
        o.get("value").and_then(Value::as_str).map(str::to_owned)
    });
    if values.is_empty() {
        return if required(field) {
            Err(missing(custom_id))
        } else {
            Ok(())
        };
    }
    for (i, value) in values.iter().enumerate() {
        if !options.contains(value) {
            return Err(selection::invalid(
                custom_id,
                format!("{value:?} is not an option"),
            ));
        }
        if values[..i].contains(value) {
            return Err(selection::invalid(
                custom_id,
                format!("{value:?} ticked twice"),
            ));
        }
    }
    let count = values.len() as u64;
    let min = field.get("min_values").and_then(Value::as_u64).unwrap_or(1);
    let max = field
        .get("max_values")
        .and_then(Value::as_u64)
        .unwrap_or(options.len() as u64);
    if count < min || count > max {
        return Err(selection::invalid(
            custom_id,
            format!("{count} boxes ticked, allowed {min}..={max}"),
        ));
    }
    Ok(())
}
