//! [`Submission`]: the inputs of one modal submission, taken one by one by
//! the code `#[modal]` generates, and the errors of a bad submission.

use std::{collections::HashMap, error::Error, fmt};

use twilight_model::{
    application::interaction::modal::{ModalInteractionComponent, ModalInteractionData},
    channel::Attachment,
    id::{
        Id,
        marker::{AttachmentMarker, GenericMarker},
    },
};

/// The inputs of one modal submission, taken one by one by the generated
/// [`Modal::from_submission`](super::Modal::from_submission); inputs left over are reported as unexpected.
#[derive(Debug)]
pub struct Submission {
    custom_id: String,
    inputs: Vec<(String, Value)>,
    /// The submission's `resolved.attachments`: the files of its uploads.
    attachments: HashMap<Id<AttachmentMarker>, Attachment>,
}

/// What one submitted input carries.
#[derive(Debug)]
enum Value {
    Text(String),
    Values(Vec<String>),
    Checked(bool),
    /// The ids chosen in a user, role, channel or mentionable select.
    Ids(EntityKind, Vec<Id<GenericMarker>>),
    /// The values ticked in a checkbox group.
    Group(Vec<String>),
    /// The ids of the files of a file upload, resolved in the submission's
    /// `resolved.attachments`.
    Files(Vec<Id<AttachmentMarker>>),
}

/// Which entities a select in a modal chooses: the `kind` of
/// `#[select(kind = "user" | "role" | "channel" | "mentionable")]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntityKind {
    /// Users (`Id<UserMarker>`).
    User,
    /// Roles (`Id<RoleMarker>`).
    Role,
    /// Channels (`Id<ChannelMarker>`).
    Channel,
    /// Users and roles (`Id<GenericMarker>`).
    Mentionable,
}

impl Submission {
    /// The text inputs of `data`, whether sent inside labels (the current
    /// layout) or action rows (the legacy one).
    pub fn new(data: &ModalInteractionData) -> Self {
        let mut inputs = Vec::new();
        for component in &data.components {
            collect(component, &mut inputs);
        }
        Self {
            custom_id: data.custom_id.clone(),
            inputs,
            attachments: data
                .resolved
                .as_ref()
                .map(|resolved| resolved.attachments.clone())
                .unwrap_or_default(),
        }
    }

    /// Field `index` of the modal's templated custom_id, parsed.
    ///
    /// # Errors
    ///
    /// The custom_id does not match `template` or the field does not parse.
    pub fn id_field<T>(
        &self,
        template: &'static str,
        index: usize,
        codec: crate::template::Codec<T>,
    ) -> Result<T, ModalError> {
        crate::template::fields(template, &self.custom_id)
            .and_then(|texts| texts.get(index).copied())
            .and_then(codec.parse)
            .ok_or_else(|| {
                ModalError::new(ModalErrorKind::CustomId {
                    custom_id: self.custom_id.clone(),
                })
            })
    }

    fn take(&mut self, custom_id: &str) -> Option<Value> {
        self.inputs
            .iter()
            .position(|(id, _)| id == custom_id)
            .map(|index| self.inputs.swap_remove(index).1)
    }

    fn missing(custom_id: &'static str) -> ModalError {
        ModalError::new(ModalErrorKind::MissingField { field: custom_id })
    }

    fn wrong(custom_id: &'static str) -> ModalError {
        ModalError::new(ModalErrorKind::WrongKind { field: custom_id })
    }

    /// The chosen values of select `custom_id`. `required`: none chosen
    /// (or the select missing) is an error.
    ///
    /// # Errors
    ///
    /// A required select is missing or empty, or the input is not a select.
    pub fn values(
        &mut self,
        custom_id: &'static str,
        required: bool,
    ) -> Result<Vec<String>, ModalError> {
        match self.take(custom_id) {
            Some(Value::Values(values)) if !(required && values.is_empty()) => Ok(values),
            None if !required => Ok(Vec::new()),
            Some(
                Value::Text(_)
                | Value::Checked(_)
                | Value::Ids(..)
                | Value::Group(_)
                | Value::Files(_),
            ) => Err(Self::wrong(custom_id)),
            _ => Err(Self::missing(custom_id)),
        }
    }

    /// The ids chosen in the `kind` select `custom_id`, typed by the field's
    /// marker. `required`: none chosen (or the select missing) is an error.
    ///
    /// # Errors
    ///
    /// A required select is missing or empty, or the input is not a select
    /// of `kind` (a role select submitted for a user field is refused).
    pub fn ids<M>(
        &mut self,
        custom_id: &'static str,
        kind: EntityKind,
        required: bool,
    ) -> Result<Vec<Id<M>>, ModalError> {
        match self.take(custom_id) {
            Some(Value::Ids(submitted, ids)) if submitted == kind => {
                if required && ids.is_empty() {
                    Err(Self::missing(custom_id))
                } else {
                    Ok(ids.into_iter().map(Id::cast).collect())
                }
            }
            None if !required => Ok(Vec::new()),
            None => Err(Self::missing(custom_id)),
            Some(_) => Err(Self::wrong(custom_id)),
        }
    }

    /// The one id chosen in single-choice `kind` select `custom_id`.
    ///
    /// # Errors
    ///
    /// As [`Self::ids`], or more than one id was chosen.
    pub fn id<M>(
        &mut self,
        custom_id: &'static str,
        kind: EntityKind,
        required: bool,
    ) -> Result<Option<Id<M>>, ModalError> {
        let mut ids = self.ids(custom_id, kind, required)?;
        if ids.len() > 1 {
            return Err(Self::wrong(custom_id));
        }
        Ok(ids.pop())
    }

    /// A required single-choice `kind` select's id.
    ///
    /// # Errors
    ///
    /// As [`Self::id`]; none chosen is [`ModalErrorKind::MissingField`].
    pub fn required_id<M>(
        &mut self,
        custom_id: &'static str,
        kind: EntityKind,
    ) -> Result<Id<M>, ModalError> {
        self.id(custom_id, kind, true)?
            .ok_or_else(|| Self::missing(custom_id))
    }

    /// The values ticked in checkbox group `custom_id`. `required`: none
    /// ticked (or the group missing) is an error.
    ///
    /// # Errors
    ///
    /// A required group is missing or empty, or the input is not a
    /// checkbox group.
    pub fn group(
        &mut self,
        custom_id: &'static str,
        required: bool,
    ) -> Result<Vec<String>, ModalError> {
        match self.take(custom_id) {
            Some(Value::Group(values)) if !(required && values.is_empty()) => Ok(values),
            None if !required => Ok(Vec::new()),
            Some(Value::Group(_)) | None => Err(Self::missing(custom_id)),
            Some(_) => Err(Self::wrong(custom_id)),
        }
    }

    /// The files uploaded in file upload `custom_id`, in the order the
    /// submission lists them, each looked up in its `resolved.attachments`.
    /// `required`: no file (or the upload missing) is an error.
    ///
    /// # Errors
    ///
    /// A required upload is missing or empty, the input is not a file
    /// upload, or a file's id is not among the resolved attachments (a
    /// forged or truncated submission).
    pub fn attachments(
        &mut self,
        custom_id: &'static str,
        required: bool,
    ) -> Result<Vec<Attachment>, ModalError> {
        let ids = match self.take(custom_id) {
            Some(Value::Files(ids)) if !(required && ids.is_empty()) => ids,
            None if !required => return Ok(Vec::new()),
            Some(Value::Files(_)) | None => return Err(Self::missing(custom_id)),
            Some(_) => return Err(Self::wrong(custom_id)),
        };
        ids.into_iter()
            .map(|id| {
                self.attachments.get(&id).cloned().ok_or_else(|| {
                    ModalError::new(ModalErrorKind::UnresolvedAttachment {
                        field: custom_id,
                        id,
                    })
                })
            })
            .collect()
    }

    /// The one chosen value of single-choice select `custom_id`.
    ///
    /// # Errors
    ///
    /// As [`Self::values`], or more than one value was chosen.
    pub fn value(
        &mut self,
        custom_id: &'static str,
        required: bool,
    ) -> Result<Option<String>, ModalError> {
        let mut values = self.values(custom_id, required)?;
        if values.len() > 1 {
            return Err(Self::wrong(custom_id));
        }
        Ok(values.pop())
    }

    /// Whether checkbox `custom_id` is ticked.
    ///
    /// # Errors
    ///
    /// The checkbox is missing, or the input is not a checkbox.
    pub fn checked(&mut self, custom_id: &'static str) -> Result<bool, ModalError> {
        match self.take(custom_id) {
            Some(Value::Checked(checked)) => Ok(checked),
            Some(_) => Err(Self::wrong(custom_id)),
            None => Err(Self::missing(custom_id)),
        }
    }

    /// The text of input `custom_id`. `required`: a missing or empty input is
    /// an error; otherwise it is `None`.
    ///
    /// # Errors
    ///
    /// A required input is missing or empty.
    pub fn text(
        &mut self,
        custom_id: &'static str,
        required: bool,
    ) -> Result<Option<String>, ModalError> {
        let value = match self.take(custom_id) {
            Some(Value::Text(text)) => Some(text).filter(|text| !text.is_empty()),
            Some(_) => return Err(Self::wrong(custom_id)),
            None => None,
        };
        match value {
            None if required => Err(Self::missing(custom_id)),
            value => Ok(value),
        }
    }

    /// Ends parsing.
    ///
    /// # Errors
    ///
    /// An input was submitted that the form does not have (an old version
    /// of the modal, or a forged submission).
    pub fn finish(self) -> Result<(), ModalError> {
        match self.inputs.into_iter().next() {
            Some((field, _)) => Err(ModalError::new(ModalErrorKind::UnexpectedField { field })),
            None => Ok(()),
        }
    }
}

fn collect(component: &ModalInteractionComponent, out: &mut Vec<(String, Value)>) {
    match component {
        ModalInteractionComponent::ActionRow(row) => {
            for inner in &row.components {
                collect(inner, out);
            }
        }
        ModalInteractionComponent::Label(label) => collect(&label.component, out),
        ModalInteractionComponent::TextInput(input) => {
            out.push((input.custom_id.clone(), Value::Text(input.value.clone())));
        }
        ModalInteractionComponent::StringSelect(select) => {
            out.push((
                select.custom_id.clone(),
                Value::Values(select.values.clone()),
            ));
        }
        ModalInteractionComponent::Checkbox(checkbox) => {
            out.push((checkbox.custom_id.clone(), Value::Checked(checkbox.value)));
        }
        ModalInteractionComponent::CheckboxGroup(group) => {
            out.push((group.custom_id.clone(), Value::Group(group.values.clone())));
        }
        ModalInteractionComponent::FileUpload(upload) => {
            out.push((
                upload.custom_id.clone(),
                Value::Files(upload.values.clone()),
            ));
        }
        ModalInteractionComponent::UserSelect(select) => {
            out.push(ids(&select.custom_id, EntityKind::User, &select.values));
        }
        ModalInteractionComponent::RoleSelect(select) => {
            out.push(ids(&select.custom_id, EntityKind::Role, &select.values));
        }
        ModalInteractionComponent::ChannelSelect(select) => {
            out.push(ids(&select.custom_id, EntityKind::Channel, &select.values));
        }
        ModalInteractionComponent::MentionableSelect(select) => {
            out.push(ids(
                &select.custom_id,
                EntityKind::Mentionable,
                &select.values,
            ));
        }
        _ => {}
    }
}

/// One entity select's submitted ids, kept with the select's kind.
fn ids<M>(custom_id: &str, kind: EntityKind, values: &[Id<M>]) -> (String, Value) {
    let ids = values.iter().map(|id| id.cast()).collect();
    (custom_id.to_owned(), Value::Ids(kind, ids))
}

/// Parsing a modal submission failed.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#handling-submissions).
#[derive(Debug)]
pub struct ModalError {
    kind: ModalErrorKind,
}

// Errors cross task boundaries (spawned handlers, `Box<dyn Error + Send + Sync>` sources).
static_assertions::assert_impl_all!(ModalError: Send, Sync);

impl ModalError {
    pub(crate) fn new(kind: ModalErrorKind) -> Self {
        Self { kind }
    }

    /// What went wrong.
    ///
    /// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#handling-submissions).
    pub fn kind(&self) -> &ModalErrorKind {
        &self.kind
    }
}

/// Kinds of [`ModalError`].
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#handling-submissions).
#[derive(Debug)]
#[non_exhaustive]
pub enum ModalErrorKind {
    /// A required input is missing or empty.
    MissingField {
        /// The input's custom_id (the field name).
        field: &'static str,
    },
    /// An input of another kind than the field's was submitted under the
    /// field's custom_id (e.g. text for a checkbox), or several values for
    /// a single-choice select.
    WrongKind {
        /// The input's custom_id.
        field: &'static str,
    },
    /// A file of an upload is not among the submission's resolved
    /// attachments, so there is nothing to hand over for it.
    UnresolvedAttachment {
        /// The upload's custom_id.
        field: &'static str,
        /// The file's id.
        id: Id<AttachmentMarker>,
    },
    /// The submission's custom_id does not match the modal's template.
    CustomId {
        /// The submitted custom_id.
        custom_id: String,
    },
    /// The submission has an input the form does not declare.
    UnexpectedField {
        /// The input's custom_id.
        field: String,
    },
    /// The interaction is not a modal submission (`ViewContext::submitted`
    /// on a click's context).
    NotASubmission,
}

impl fmt::Display for ModalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ModalErrorKind::MissingField { field } => {
                write!(f, "the required input `{field}` is missing or empty")
            }
            ModalErrorKind::WrongKind { field } => {
                write!(
                    f,
                    "the input `{field}` does not carry what the form expects"
                )
            }
            ModalErrorKind::UnresolvedAttachment { field, id } => {
                write!(
                    f,
                    "the file {id} of upload `{field}` is not among the submission's resolved attachments"
                )
            }
            ModalErrorKind::CustomId { custom_id } => {
                write!(
                    f,
                    "the modal custom_id {custom_id:?} does not match its template"
                )
            }
            ModalErrorKind::UnexpectedField { field } => {
                write!(
                    f,
                    "the submission has an input `{field}` the form does not declare"
                )
            }
            ModalErrorKind::NotASubmission => {
                f.write_str("the interaction is not a modal submission")
            }
        }
    }
}

impl Error for ModalError {}

#[cfg(test)]
mod properties;
