//! Building blocks of a modal's components, called by the code `#[modal]`
//! generates (not meant to be called by hand).

use twilight_model::{
    channel::{
        ChannelType,
        message::{
            Component,
            component::{
                Checkbox, CheckboxGroup, CheckboxGroupOption, FileUpload, Label,
                SelectDefaultValue, SelectMenu, SelectMenuOption, SelectMenuType, TextDisplay,
                TextInput, TextInputStyle,
            },
        },
    },
    http::interaction::InteractionResponseData,
    id::{Id, marker::GenericMarker},
};

use super::EntityKind;

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

/// The declared parts of a file upload.
#[derive(Clone, Debug)]
pub struct FileUploadParts {
    /// The upload's custom_id (the field name).
    pub custom_id: &'static str,
    /// The label shown above it (Discord shows a file upload only inside
    /// a label).
    pub label: String,
    /// The label's second line.
    pub description: Option<String>,
    /// Fewest files.
    pub min_values: Option<u8>,
    /// Most files.
    pub max_values: Option<u8>,
    /// Whether a file must be uploaded.
    pub required: bool,
}

/// A file upload inside a label. It has no prefill: Discord offers no way
/// to show files already chosen.
pub fn file_upload(parts: FileUploadParts) -> Component {
    Component::Label(Label {
        component: Box::new(Component::FileUpload(FileUpload {
            custom_id: parts.custom_id.to_owned(),
            id: None,
            max_values: parts.max_values,
            min_values: parts.min_values,
            required: Some(parts.required),
            file_types: None,
        })),
        description: parts.description,
        id: None,
        label: parts.label,
    })
}

/// Static text shown in a modal (markdown); it carries no value.
pub fn text_display(content: &str) -> Component {
    Component::TextDisplay(TextDisplay {
        content: content.to_owned(),
        id: None,
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
