//! Building blocks the generated `render` uses: custom_id assignment, item
//! builders and the grouping of placed items into action rows.

use twilight_model::channel::{
    ChannelType,
    message::{
        Component, EmojiReactionType,
        component::{ActionRow, Button, ButtonStyle, SelectMenu, SelectMenuOption, SelectMenuType},
    },
};

/// How the items of one rendering get their custom_ids.
#[derive(Clone, Debug, Eq, PartialEq)]
#[non_exhaustive]
pub enum CustomIds {
    /// The declared custom_ids (persistent views).
    Declared,
    /// Generated ids of one non-persistent instance: `prefix` followed by the
    /// item's index in the dispatch table. A declared id is ignored, so two
    /// live instances of one view never share an id.
    Instance {
        /// Unique per instance; ends with a separator.
        prefix: String,
    },
}

impl CustomIds {
    /// The custom_id of item `index` whose declared id is `declared`.
    pub fn custom_id(&self, index: usize, declared: Option<&'static str>) -> String {
        match (self, declared) {
            (Self::Declared, Some(id)) => id.to_owned(),
            // Only reachable for a non-persistent view rendered without its
            // instance: the id is then unroutable but still valid for Discord.
            (Self::Declared, None) => format!("unbound:{index}"),
            (Self::Instance { prefix }, _) => format!("{prefix}{index}"),
        }
    }
}

/// An item and the action row the macro assigned it to (0..=4).
#[derive(Clone, Debug)]
pub struct Placed {
    /// Row index, computed at compile time by `#[view]`.
    pub row: u8,
    /// The rendered button or select.
    pub component: Component,
}

/// Groups placed items into action rows, in row order then declaration order;
/// empty rows are skipped.
pub fn rows(placed: Vec<Placed>) -> Vec<Component> {
    let mut rows: [Vec<Component>; 5] = Default::default();
    for item in placed {
        // The macro only emits rows 0..=4; clamp defensively anyway.
        rows[usize::from(item.row.min(4))].push(item.component);
    }
    rows.into_iter()
        .filter(|components| !components.is_empty())
        .map(|components| {
            Component::ActionRow(ActionRow {
                id: None,
                components,
            })
        })
        .collect()
}

/// Parses `emoji = "..."`: a unicode emoji, or a custom emoji written as
/// Discord shows it (`<:name:id>` or `<a:name:id>`).
pub fn emoji(text: &str) -> EmojiReactionType {
    let custom = text
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
        .and_then(|inner| {
            let (animated, inner) = match inner.strip_prefix("a:") {
                Some(rest) => (true, rest),
                None => (false, inner.strip_prefix(':')?),
            };
            let (name, id) = inner.rsplit_once(':')?;
            let id = id.parse().ok()?;
            Some(EmojiReactionType::Custom {
                animated,
                id,
                name: Some(name.to_owned()),
            })
        });
    custom.unwrap_or_else(|| EmojiReactionType::Unicode {
        name: text.to_owned(),
    })
}

/// A button with a custom_id.
pub fn button(
    custom_id: String,
    label: Option<String>,
    emoji: Option<EmojiReactionType>,
    style: ButtonStyle,
    disabled: bool,
) -> Component {
    Component::Button(Button {
        custom_id: Some(custom_id),
        disabled,
        emoji,
        id: None,
        label,
        sku_id: None,
        style,
        url: None,
    })
}

/// A link button: opens `url`, sends no interaction.
pub fn link_button(
    url: String,
    label: Option<String>,
    emoji: Option<EmojiReactionType>,
    disabled: bool,
) -> Component {
    Component::Button(Button {
        custom_id: None,
        disabled,
        emoji,
        id: None,
        label,
        sku_id: None,
        style: ButtonStyle::Link,
        url: Some(url),
    })
}

/// The parts of a select menu the attribute can set.
#[derive(Clone, Debug)]
pub struct SelectParts {
    /// Which select.
    pub kind: SelectMenuType,
    /// Options of a string select (`None` for the others).
    pub options: Option<Vec<SelectMenuOption>>,
    /// Shown when nothing is chosen.
    pub placeholder: Option<String>,
    /// Fewest values to choose.
    pub min_values: Option<u8>,
    /// Most values to choose.
    pub max_values: Option<u8>,
    /// Greyed out.
    pub disabled: bool,
    /// Channel types offered by a channel select.
    pub channel_types: Option<Vec<ChannelType>>,
}

/// A select menu.
pub fn select(custom_id: String, parts: SelectParts) -> Component {
    Component::SelectMenu(SelectMenu {
        channel_types: parts.channel_types,
        custom_id,
        default_values: None,
        disabled: parts.disabled,
        id: None,
        kind: parts.kind,
        max_values: parts.max_values,
        min_values: parts.min_values,
        options: parts.options,
        placeholder: parts.placeholder,
        required: None,
    })
}

/// One option of a string select.
pub fn select_option(
    label: impl Into<String>,
    value: impl Into<String>,
    description: Option<String>,
    emoji: Option<EmojiReactionType>,
    default: bool,
) -> SelectMenuOption {
    SelectMenuOption {
        default,
        description,
        emoji,
        label: label.into(),
        value: value.into(),
    }
}

/// Disables every button and select in `components` (inside action rows
/// too): what a view shows once it has timed out or closed. Link buttons
/// are disabled as well, so the whole message reads as finished.
pub fn disable_all(components: &mut [Component]) {
    for component in components {
        match component {
            Component::ActionRow(row) => disable_all(&mut row.components),
            Component::Button(button) => button.disabled = true,
            Component::SelectMenu(select) => select.disabled = true,
            _ => {}
        }
    }
}

#[cfg(test)]
mod disable_tests {
    use super::*;

    #[test]
    fn disables_buttons_and_selects_in_rows() {
        let mut components = rows(vec![
            Placed {
                row: 0,
                component: button("a".to_owned(), None, None, ButtonStyle::Primary, false),
            },
            Placed {
                row: 0,
                component: link_button("https://x.y".to_owned(), None, None, false),
            },
            Placed {
                row: 1,
                component: select(
                    "s".to_owned(),
                    SelectParts {
                        kind: SelectMenuType::User,
                        options: None,
                        placeholder: None,
                        min_values: None,
                        max_values: None,
                        disabled: false,
                        channel_types: None,
                    },
                ),
            },
        ]);
        disable_all(&mut components);
        let mut seen = 0;
        for row in &components {
            let Component::ActionRow(row) = row else {
                panic!("not a row: {row:?}");
            };
            for component in &row.components {
                match component {
                    Component::Button(button) => assert!(button.disabled),
                    Component::SelectMenu(select) => assert!(select.disabled),
                    other => panic!("unexpected {other:?}"),
                }
                seen += 1;
            }
        }
        assert_eq!(seen, 3);
    }
}
