//! Modals: forms a component handler opens (`ctx.open_modal(..)`, callback
//! type 9) and whose submissions the router hands, parsed into the form's
//! struct, to the submit handler registered with
//! [`ViewRouterBuilder::modal`](crate::ViewRouterBuilder::modal).
//!
//! `#[modal]` on a struct implements [`Modal`]; the free functions here are
//! the building blocks its generated code calls.

use std::{collections::HashMap, error::Error, fmt, future::Future, sync::Arc};

use twilight_model::{
    application::interaction::{
        Interaction, InteractionData,
        modal::{ModalInteractionComponent, ModalInteractionData},
    },
    channel::ChannelType,
    channel::message::{
        Component,
        component::{
            Checkbox, CheckboxGroup, CheckboxGroupOption, Label, SelectDefaultValue, SelectMenu,
            SelectMenuOption, SelectMenuType, TextInput, TextInputStyle,
        },
    },
    http::interaction::InteractionResponseData,
    id::{Id, marker::GenericMarker},
};

use crate::{
    context::ViewContext,
    error::{HandlerError, ViewError, ViewErrorKind, ViewResult},
    extract::IntoHandlerResult,
    router::{
        DispatchOutcome, ItemOwner, Notices, RouterError, RouterErrorKind, catch::CatchUnwind,
        notices::Notice,
    },
    template::{CustomIdError, TemplateIndex, TemplateRoute},
    view::{BoxFuture, SourceLocation},
};

/// A modal form: implemented by `#[modal(title = .., custom_id = ..)]` on a
/// struct whose fields are its inputs; never by hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a modal",
    label = "expected a struct with `#[modal(title = \"..\", custom_id = \"..\")]`"
)]
pub trait Modal: Sized + Send + 'static {
    /// The struct's name, for logs and errors.
    const NAME: &'static str;
    /// The modal's custom_id, or its template (`close:{ticket}`, filled
    /// from the struct's `#[id_field]`s): submissions matching it go to the
    /// handler registered for this type.
    const CUSTOM_ID: &'static str;
    /// Where the struct is defined.
    const DEFINED_AT: SourceLocation;

    /// The modal's response data (custom_id, title, components). With
    /// `prefill`, each input shows that form's value (an empty `String` or
    /// `None` falls back to the input's declared `value`).
    ///
    /// # Errors
    ///
    /// A templated custom_id cannot be built: no `prefill` to take its
    /// fields from, or the id would be too long or ambiguous.
    fn data(prefill: Option<&Self>) -> Result<InteractionResponseData, CustomIdError>;

    /// Whether a submitted custom_id is this modal's: equal to
    /// [`Self::CUSTOM_ID`], or, for a template, matching it whole with
    /// every field parsing.
    fn matches(custom_id: &str) -> bool {
        custom_id == Self::CUSTOM_ID
    }

    /// Parses a submission into the form.
    ///
    /// # Errors
    ///
    /// A required input is missing or empty, or the submission carries an
    /// input the form does not have.
    fn from_submission(submission: &mut Submission) -> Result<Self, ModalError>;
}

/// The inputs of one modal submission, taken one by one by the generated
/// [`Modal::from_submission`]; inputs left over are reported as unexpected.
#[derive(Debug)]
pub struct Submission {
    custom_id: String,
    inputs: Vec<(String, Value)>,
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
            Some(Value::Text(_) | Value::Checked(_) | Value::Ids(..) | Value::Group(_)) => {
                Err(Self::wrong(custom_id))
            }
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
#[derive(Debug)]
pub struct ModalError {
    kind: ModalErrorKind,
}

// Errors cross task boundaries (spawned handlers, `Box<dyn Error + Send + Sync>` sources).
static_assertions::assert_impl_all!(ModalError: Send, Sync);

impl ModalError {
    fn new(kind: ModalErrorKind) -> Self {
        Self { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ModalErrorKind {
        &self.kind
    }
}

/// Kinds of [`ModalError`].
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
        }
    }
}

impl Error for ModalError {}

/// The declared parts of a text input.
#[derive(Clone, Debug)]
pub struct TextInputParts {
    /// The input's custom_id (the field name).
    pub custom_id: &'static str,
    /// The label shown above it.
    pub label: String,
    /// The label's second line.
    pub description: Option<String>,
    /// `style = "paragraph"`: several lines.
    pub paragraph: bool,
    /// Shown while empty.
    pub placeholder: Option<String>,
    /// Fewest characters.
    pub min_length: Option<u16>,
    /// Most characters.
    pub max_length: Option<u16>,
    /// Whether it must be filled in.
    pub required: bool,
    /// Initial text.
    pub value: Option<String>,
}

/// A text input inside a label component, as Discord's current modal layout
/// has it (the input's own `label` is deprecated).
pub fn text_input(parts: TextInputParts) -> Component {
    #[allow(deprecated)]
    let input = TextInput {
        custom_id: parts.custom_id.to_owned(),
        id: None,
        label: None,
        max_length: parts.max_length,
        min_length: parts.min_length,
        placeholder: parts.placeholder,
        required: Some(parts.required),
        style: if parts.paragraph {
            TextInputStyle::Paragraph
        } else {
            TextInputStyle::Short
        },
        value: parts.value,
    };
    Component::Label(Label {
        component: Box::new(Component::TextInput(input)),
        description: parts.description,
        id: None,
        label: parts.label,
    })
}

/// A checkbox inside a label.
pub fn checkbox(
    custom_id: &'static str,
    label: String,
    description: Option<String>,
    default: bool,
) -> Component {
    Component::Label(Label {
        component: Box::new(Component::Checkbox(Checkbox {
            custom_id: custom_id.to_owned(),
            default: Some(default),
            id: None,
        })),
        description,
        id: None,
        label,
    })
}

/// The declared parts of a string select in a modal.
#[derive(Clone, Debug)]
pub struct ModalSelectParts {
    /// The select's custom_id (the field name).
    pub custom_id: &'static str,
    /// The label shown above it.
    pub label: String,
    /// The label's second line.
    pub description: Option<String>,
    /// Its options.
    pub options: Vec<SelectMenuOption>,
    /// Shown while nothing is chosen.
    pub placeholder: Option<String>,
    /// Fewest choices.
    pub min_values: Option<u8>,
    /// Most choices.
    pub max_values: Option<u8>,
    /// Whether a choice must be made.
    pub required: bool,
    /// Values to show chosen (a prefill); `None` keeps the options' own
    /// `default`s.
    pub chosen: Option<Vec<String>>,
}

/// A string select inside a label.
pub fn string_select(parts: ModalSelectParts) -> Component {
    let mut options = parts.options;
    if let Some(chosen) = &parts.chosen {
        for option in &mut options {
            option.default = chosen.contains(&option.value);
        }
    }
    Component::Label(Label {
        component: Box::new(Component::SelectMenu(SelectMenu {
            channel_types: None,
            custom_id: parts.custom_id.to_owned(),
            default_values: None,
            disabled: false,
            id: None,
            kind: SelectMenuType::Text,
            max_values: parts.max_values,
            min_values: parts.min_values,
            options: Some(options),
            placeholder: parts.placeholder,
            required: Some(parts.required),
        })),
        description: parts.description,
        id: None,
        label: parts.label,
    })
}

/// The declared parts of a user, role, channel or mentionable select in a
/// modal.
#[derive(Clone, Debug)]
pub struct EntitySelectParts {
    /// The select's custom_id (the field name).
    pub custom_id: &'static str,
    /// What it chooses.
    pub kind: EntityKind,
    /// The label shown above it.
    pub label: String,
    /// The label's second line.
    pub description: Option<String>,
    /// Channel types offered (channel selects only).
    pub channel_types: Option<Vec<ChannelType>>,
    /// Shown while nothing is chosen.
    pub placeholder: Option<String>,
    /// Fewest choices.
    pub min_values: Option<u8>,
    /// Most choices.
    pub max_values: Option<u8>,
    /// Whether a choice must be made.
    pub required: bool,
    /// Ids to show chosen (a prefill). Ignored for mentionable selects:
    /// a bare id does not say whether it is a user or a role.
    pub chosen: Option<Vec<Id<GenericMarker>>>,
}

/// A user, role, channel or mentionable select inside a label.
pub fn entity_select(parts: EntitySelectParts) -> Component {
    let kind = match parts.kind {
        EntityKind::User => SelectMenuType::User,
        EntityKind::Role => SelectMenuType::Role,
        EntityKind::Channel => SelectMenuType::Channel,
        EntityKind::Mentionable => SelectMenuType::Mentionable,
    };
    let default_values = parts
        .chosen
        .filter(|chosen| !chosen.is_empty())
        .and_then(|chosen| {
            chosen
                .into_iter()
                .map(|id| match parts.kind {
                    EntityKind::User => Some(SelectDefaultValue::User(id.cast())),
                    EntityKind::Role => Some(SelectDefaultValue::Role(id.cast())),
                    EntityKind::Channel => Some(SelectDefaultValue::Channel(id.cast())),
                    EntityKind::Mentionable => None,
                })
                .collect::<Option<Vec<_>>>()
        });
    Component::Label(Label {
        component: Box::new(Component::SelectMenu(SelectMenu {
            channel_types: parts.channel_types,
            custom_id: parts.custom_id.to_owned(),
            default_values,
            disabled: false,
            id: None,
            kind,
            max_values: parts.max_values,
            min_values: parts.min_values,
            options: None,
            placeholder: parts.placeholder,
            required: Some(parts.required),
        })),
        description: parts.description,
        id: None,
        label: parts.label,
    })
}

/// The declared parts of a checkbox group.
#[derive(Clone, Debug)]
pub struct CheckboxGroupParts {
    /// The group's custom_id (the field name).
    pub custom_id: &'static str,
    /// The label shown above it.
    pub label: String,
    /// The label's second line.
    pub description: Option<String>,
    /// Its checkboxes.
    pub options: Vec<CheckboxGroupOption>,
    /// Fewest ticked.
    pub min_values: Option<u8>,
    /// Most ticked.
    pub max_values: Option<u8>,
    /// Whether one must be ticked.
    pub required: bool,
    /// Values to show ticked (a prefill); `None` keeps the options' own
    /// `default`s.
    pub chosen: Option<Vec<String>>,
}

/// One checkbox of a group; `default` ticks it.
pub fn checkbox_option(
    label: String,
    value: String,
    description: Option<String>,
    default: bool,
) -> CheckboxGroupOption {
    CheckboxGroupOption {
        default: default.then_some(true),
        description,
        label,
        value,
    }
}

/// A checkbox group inside a label.
pub fn checkbox_group(parts: CheckboxGroupParts) -> Component {
    let mut options = parts.options;
    if let Some(chosen) = &parts.chosen {
        for option in &mut options {
            option.default = Some(chosen.contains(&option.value));
        }
    }
    Component::Label(Label {
        component: Box::new(Component::CheckboxGroup(CheckboxGroup {
            custom_id: parts.custom_id.to_owned(),
            id: None,
            max_values: parts.max_values,
            min_values: parts.min_values,
            options,
            required: Some(parts.required),
        })),
        description: parts.description,
        id: None,
        label: parts.label,
    })
}

/// The value shown in an input: the prefill's if non-empty, else the
/// declared one.
pub fn prefilled(prefill: Option<&str>, declared: Option<&'static str>) -> Option<String> {
    prefill
        .filter(|value| !value.is_empty())
        .or(declared)
        .map(str::to_owned)
}

/// The response data of a modal.
pub fn data(custom_id: &str, title: &str, components: Vec<Component>) -> InteractionResponseData {
    InteractionResponseData {
        components: Some(components),
        custom_id: Some(custom_id.to_owned()),
        title: Some(title.to_owned()),
        ..InteractionResponseData::default()
    }
}

impl ViewContext {
    /// Opens `form`'s modal (callback type 9), prefilled with its values;
    /// the submission goes to the handler registered with
    /// [`ViewRouterBuilder::modal`](crate::ViewRouterBuilder::modal). Must be
    /// the interaction's first answer.
    ///
    /// In a `&mut self` handler of a stored view the modal opens at once: it
    /// is not held until the view's new state is committed, as replies are,
    /// so do not show state the click is about to change in its fields.
    ///
    /// # Errors
    ///
    /// The interaction was already answered
    /// ([`ViewErrorKind::AlreadyAcknowledged`]), a templated custom_id
    /// cannot be built ([`ViewErrorKind::Request`] with a
    /// [`CustomIdError`] source), or Discord refused.
    pub async fn open_modal<M: Modal>(&self, form: &M) -> ViewResult {
        self.send_modal(M::data(Some(form))).await
    }

    /// Opens `M`'s modal with its declared values only.
    ///
    /// # Errors
    ///
    /// As [`Self::open_modal`]; always for a modal with a templated
    /// custom_id (its fields come from an instance: use `open_modal`).
    pub async fn open_empty_modal<M: Modal>(&self) -> ViewResult {
        self.send_modal(M::data(None)).await
    }

    async fn send_modal(&self, data: Result<InteractionResponseData, CustomIdError>) -> ViewResult {
        // A templated id that cannot be built is refused before sending.
        let data =
            data.map_err(|error| ViewError::new(ViewErrorKind::Request, Some(Box::new(error))))?;
        self.open_modal_with(data).await
    }

    /// The submitted modal's data, in a submit handler.
    pub fn modal_data(&self) -> Option<&ModalInteractionData> {
        match &self.interaction().data {
            Some(InteractionData::ModalSubmit(data)) => Some(data),
            _ => None,
        }
    }
}

impl crate::ViewRouterBuilder {
    /// Routes submissions of modal `M` (by its custom_id) to `handler`,
    /// which gets the parsed form. Registered on the router, not on a view
    /// instance, so submissions of modals opened before a restart still
    /// reach it.
    ///
    /// ```text
    /// builder.modal(|ctx: ViewContext, form: TicketForm| async move {
    ///     ctx.respond_ephemeral(format!("Ticket {:?} created", form.subject)).await
    /// })
    /// ```
    ///
    /// Two modal types with one custom_id make [`Self::build`] fail.
    pub fn modal<M, F, Fut>(mut self, handler: F) -> Self
    where
        M: Modal,
        F: Fn(ViewContext, M) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoHandlerResult,
    {
        self.modals.add::<M, F, Fut>(handler);
        self
    }
}

/// Prefix of the custom_ids of awaited modals ([`ViewContext::ask`]);
/// declared modal custom_ids may not start with it.
pub use views_ids::AWAITED_PREFIX;

/// Handlers waiting in [`ViewContext::ask`], by the modal's generated id.
static WAITING: std::sync::LazyLock<
    dashmap::DashMap<String, tokio::sync::oneshot::Sender<ViewContext>>,
> = std::sync::LazyLock::new(dashmap::DashMap::new);

/// A fresh custom_id for one awaited modal: random per process, counted
/// within it, so a submission from before a restart finds no waiter.
fn awaited_custom_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static NONCE: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(u64::from(std::process::id()));
        hasher.finish()
    });
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{AWAITED_PREFIX}{:x}.{n:x}", *NONCE)
}

/// Hands an awaited modal's submission to its waiting handler, or answers
/// it as expired.
async fn deliver(ctx: ViewContext, notices: &Notices) -> DispatchOutcome {
    let custom_id = ctx.custom_id().to_owned();
    if let Some((_, waiter)) = WAITING.remove(&custom_id)
        && waiter.send(ctx.clone()).is_ok()
    {
        return DispatchOutcome::Handled {
            view: "awaited modal",
            item: "submit",
        };
    }
    tracing::debug!(custom_id, "submission of an awaited modal nobody waits for");
    notices.send(Notice::Expired, &ctx).await;
    DispatchOutcome::Expired { custom_id }
}

/// Removes a waiter when `ask` ends, however it ends (timeout, cancel).
struct WaitGuard(String);

impl Drop for WaitGuard {
    fn drop(&mut self) {
        WAITING.remove(&self.0);
    }
}

impl ViewContext {
    /// Opens `form`'s modal and waits up to `timeout` for its submission,
    /// with no handler registered on the router (discord.py's
    /// `await modal.wait()`). Returns the submission's context, which the
    /// caller must answer (within Discord's 3 seconds: no automatic
    /// defer), and the parsed form; `None` if nothing was submitted in
    /// time, or the submission did not parse (the user then got the
    /// router's apology). Must be this interaction's first answer.
    ///
    /// The modal gets a generated custom_id, so the wait ends with the
    /// process: a form submitted after a restart (or after the timeout) is
    /// answered with the router's "expired" message. While waiting, the
    /// calling handler keeps its view locked (its other items wait); for
    /// long forms or persistent flows register a handler with
    /// [`ViewRouterBuilder::modal`](crate::ViewRouterBuilder::modal). In a
    /// `&mut self` handler of a stored view the wait counts against the
    /// router's `lease_timeout` (default 60 s): keep `timeout` below it.
    /// The modal opens at once, not held until the commit.
    /// For modals with a literal custom_id: the generated id replaces a
    /// template, so `#[id_field]`s could not be read back (`None`).
    ///
    /// # Errors
    ///
    /// As [`Self::open_modal`].
    pub async fn ask<M: Modal>(
        &self,
        form: &M,
        timeout: std::time::Duration,
    ) -> ViewResult<Option<(ViewContext, M)>> {
        let custom_id = awaited_custom_id();
        let mut data = M::data(Some(form));
        if let Ok(data) = &mut data {
            data.custom_id = Some(custom_id.clone());
        }
        let (sender, receiver) = tokio::sync::oneshot::channel();
        WAITING.insert(custom_id.clone(), sender);
        let _guard = WaitGuard(custom_id);
        self.send_modal(data).await?;
        let Ok(Ok(submitted)) = tokio::time::timeout(timeout, receiver).await else {
            return Ok(None);
        };
        let parsed = submitted
            .modal_data()
            .map(Submission::new)
            .map(|mut submission| {
                M::from_submission(&mut submission)
                    .and_then(|form| submission.finish().map(|()| form))
            });
        match parsed {
            Some(Ok(form)) => Ok(Some((submitted, form))),
            Some(Err(error)) => {
                tracing::warn!(modal = M::NAME, %error, "awaited modal submission did not parse");
                if let Err(reply_error) = submitted.apologise().await {
                    tracing::warn!(%reply_error, "could not apologise for a bad submission");
                }
                Ok(None)
            }
            None => Ok(None),
        }
    }
}

/// The custom_id of a modal submission (empty if it carries no modal data).
pub(crate) fn submitted_custom_id(interaction: &Interaction) -> String {
    match &interaction.data {
        Some(InteractionData::ModalSubmit(data)) => data.custom_id.clone(),
        _ => String::new(),
    }
}

type SubmitFn =
    Arc<dyn Fn(ViewContext) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

struct ModalRoute {
    name: &'static str,
    owner: ItemOwner,
    submit: SubmitFn,
}

/// Submit handlers by modal custom_id; read-only after the router is built.
#[derive(Default)]
pub(crate) struct ModalRegistry {
    routes: HashMap<&'static str, ModalRoute>,
    /// Modals with templated custom_ids: the index points into `templated`.
    templates: TemplateIndex,
    templated: Vec<ModalRoute>,
    collision: Option<RouterError>,
}

impl fmt::Debug for ModalRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ModalRegistry")
            .field("modals", &self.routes.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl ModalRegistry {
    /// Registers `handler` for `M`'s submissions; a second modal with the
    /// same custom_id is remembered as an error for [`Self::check`].
    pub(crate) fn add<M, F, Fut>(&mut self, handler: F)
    where
        M: Modal,
        F: Fn(ViewContext, M) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoHandlerResult,
    {
        let owner = ItemOwner {
            view: M::NAME,
            view_defined_at: M::DEFINED_AT,
            item: "submit",
            item_defined_at: M::DEFINED_AT,
        };
        if crate::template::is_template(M::CUSTOM_ID) {
            let route = TemplateRoute {
                type_id: std::any::TypeId::of::<M>(),
                index: self.templated.len(),
                matches: M::matches,
                owner,
                template: M::CUSTOM_ID,
            };
            if self.templated.iter().any(|known| known.owner == owner) {
                return;
            }
            match self.templates.insert(route) {
                Ok(()) => self.templated.push(ModalRoute {
                    name: M::NAME,
                    owner,
                    submit: Self::submit_fn::<M, F, Fut>(handler),
                }),
                Err(error) => {
                    if self.collision.is_none() {
                        self.collision = Some(error);
                    }
                }
            }
            return;
        }
        if let Some(first) = self.routes.get(M::CUSTOM_ID) {
            if self.collision.is_none() && first.owner != owner {
                self.collision = Some(RouterError::new(RouterErrorKind::CustomIdCollision {
                    custom_id: M::CUSTOM_ID,
                    first: first.owner,
                    second: owner,
                }));
            }
            return;
        }
        self.routes.insert(
            M::CUSTOM_ID,
            ModalRoute {
                name: M::NAME,
                owner,
                submit: Self::submit_fn::<M, F, Fut>(handler),
            },
        );
    }

    /// Parses the submission into `M` and calls `handler`.
    fn submit_fn<M, F, Fut>(handler: F) -> SubmitFn
    where
        M: Modal,
        F: Fn(ViewContext, M) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoHandlerResult,
    {
        let handler = Arc::new(handler);
        Arc::new(move |ctx: ViewContext| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                let data = ctx
                    .modal_data()
                    .ok_or_else(|| HandlerError::extract("not a modal submission"))?;
                let mut submission = Submission::new(data);
                let form = M::from_submission(&mut submission)
                    .and_then(|form| submission.finish().map(|()| form))
                    .map_err(|error| HandlerError::extract(error.to_string()))?;
                handler(ctx, form).await.into_handler_result()
            })
        })
    }

    /// The first custom_id collision between registered modals.
    pub(crate) fn check(&mut self) -> Result<(), RouterError> {
        self.collision.take().map_or(Ok(()), Err)
    }

    /// Runs the submit handler of the modal `ctx` carries. A failed parse
    /// or handler is logged and, if the user has no answer yet, answered
    /// with the router's ephemeral apology.
    pub(crate) async fn dispatch(&self, ctx: ViewContext, notices: &Notices) -> DispatchOutcome {
        let custom_id = ctx.custom_id().to_owned();
        if custom_id.starts_with(AWAITED_PREFIX) {
            return deliver(ctx, notices).await;
        }
        let route = self.routes.get(custom_id.as_str()).or_else(|| {
            self.templates
                .find(&custom_id)
                .filter(|template| (template.matches)(&custom_id))
                .and_then(|template| self.templated.get(template.index))
        });
        let Some(route) = route else {
            // Not one of ours: as before modals were supported, the bot's
            // own code may handle it.
            tracing::debug!(
                custom_id,
                "no modal handler for this custom_id; left unanswered"
            );
            return match ctx.into_interaction() {
                Some(interaction) => DispatchOutcome::NotComponent { interaction },
                None => DispatchOutcome::Malformed {
                    reason: "modal submission's context was shared before routing",
                },
            };
        };
        // A panicking submit handler is a failed one, as for view items: the
        // user gets the apology and `dispatch` keeps its never-panics promise.
        let submitted = CatchUnwind::new((route.submit)(ctx.clone()))
            .await
            .unwrap_or_else(|message| Err(HandlerError::panicked(message)));
        if ctx.stop_requested() {
            tracing::warn!(
                modal = route.name,
                "ctx.stop() has no effect in a modal's submit handler (a modal is not a view); \
                 stop the view from the handler that opened the modal"
            );
        }
        match submitted {
            Ok(()) => DispatchOutcome::Handled {
                view: route.name,
                item: "submit",
            },
            Err(error) => {
                tracing::error!(modal = route.name, %error, "modal submit handler failed");
                if !ctx.is_answered().await
                    && let Err(reply_error) = ctx.apologise().await
                {
                    tracing::warn!(%reply_error, "could not apologise for a failed modal");
                }
                DispatchOutcome::Failed {
                    view: route.name,
                    item: "submit",
                    error,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission(json: &str) -> Submission {
        let data: ModalInteractionData = serde_json::from_str(json).expect("modal data");
        Submission::new(&data)
    }

    #[test]
    fn reads_labels_and_action_rows() {
        let mut labels = submission(
            r#"{"custom_id":"m","components":[{"type":18,"id":1,"component":
                {"type":4,"id":2,"custom_id":"subject","value":"Broken"}}]}"#,
        );
        assert_eq!(
            labels.text("subject", true).expect("present").as_deref(),
            Some("Broken")
        );
        labels.finish().expect("nothing left");
        let mut rows = submission(
            r#"{"custom_id":"m","components":[{"type":1,"id":1,"components":[
                {"type":4,"id":2,"custom_id":"details","value":""}]}]}"#,
        );
        assert_eq!(rows.text("details", false).expect("optional"), None);
    }

    #[test]
    fn missing_and_extra_inputs_are_errors() {
        let mut sub = submission(
            r#"{"custom_id":"m","components":[{"type":1,"id":1,"components":[
                {"type":4,"id":2,"custom_id":"other","value":"x"}]}]}"#,
        );
        let error = sub.text("subject", true).expect_err("missing");
        assert!(matches!(
            error.kind(),
            ModalErrorKind::MissingField { field: "subject" }
        ));
        let error = sub.finish().expect_err("extra");
        assert!(error.to_string().contains("`other`"), "{error}");
    }

    /// A modal-submit fixture of Discord's docs (in the workspace's
    /// `tests/fixtures`).
    fn fixture(name: &str) -> Submission {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/discord-api-docs")
            .join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        submission(&json["data"].to_string())
    }

    #[test]
    fn reads_checkboxes_and_selects_of_discord_payloads() {
        let mut sub = fixture("checkbox-modal-submit-interaction-data-example.json");
        assert!(sub.checked("like_checkbox").expect("checkbox"));
        sub.finish().expect("nothing left");
        let mut sub = fixture("string-select-modal-submit-interaction-data-example.json");
        assert_eq!(
            sub.value("favorite_bug", true)
                .expect("one value")
                .as_deref(),
            Some("butterfly")
        );
        let mut sub = fixture("string-select-modal-submit-interaction-data-example.json");
        let error = sub.checked("favorite_bug").expect_err("not a checkbox");
        assert!(matches!(error.kind(), ModalErrorKind::WrongKind { .. }));
        assert!(matches!(
            sub.values("other", true).expect_err("missing").kind(),
            ModalErrorKind::MissingField { field: "other" }
        ));
    }

    #[test]
    fn text_inputs_serialise_as_labels() {
        let component = text_input(TextInputParts {
            custom_id: "subject",
            label: "Subject".to_owned(),
            description: None,
            paragraph: true,
            placeholder: None,
            min_length: Some(1),
            max_length: Some(4000),
            required: true,
            value: prefilled(Some(""), Some("x")),
        });
        let json = serde_json::to_value(&component).expect("serialises");
        assert_eq!(json["type"], 18);
        assert_eq!(json["label"], "Subject");
        assert_eq!(json["component"]["type"], 4);
        assert_eq!(json["component"]["style"], 2);
        assert_eq!(json["component"]["value"], "x");
        assert!(json["component"].get("label").is_none(), "{json}");
    }
}

#[cfg(test)]
mod properties;
