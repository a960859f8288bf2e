//! Building blocks the generated `render` uses: custom_id assignment, item
//! builders and the grouping of placed items into action rows.

use std::{
    collections::BTreeSet,
    sync::{Mutex, PoisonError},
};

use twilight_model::{
    channel::{
        ChannelType,
        message::{
            Component, EmojiReactionType,
            component::{
                ActionRow, Button, ButtonStyle, SelectDefaultValue, SelectMenu, SelectMenuOption,
                SelectMenuType,
            },
        },
    },
    id::{
        Id,
        marker::{ChannelMarker, GenericMarker, RoleMarker, SkuMarker, UserMarker},
    },
};
use views_ids::limits::ACTION_ROWS_MAX;

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
    let mut rows: [Vec<Component>; ACTION_ROWS_MAX] = Default::default();
    for item in placed {
        // The macro only emits rows that exist; clamp defensively anyway.
        rows[usize::from(item.row).min(ACTION_ROWS_MAX - 1)].push(item.component);
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

/// The style a button with a custom_id renders with, from its
/// `style = EXPR`: the expression's value when it is primary, secondary,
/// success or danger.
///
/// `Link`, `Premium` or an unknown style on a button with a custom_id would
/// make Discord refuse the whole message; the button still works in any
/// colour, so it is rendered `Secondary` (the default style) and the
/// mistake is logged as an error naming the view and the item, once per
/// item (an expression that yields it usually does so at every render).
pub fn button_style(style: ButtonStyle, view: &'static str, item: &'static str) -> ButtonStyle {
    match style {
        ButtonStyle::Primary
        | ButtonStyle::Secondary
        | ButtonStyle::Success
        | ButtonStyle::Danger => style,
        refused => {
            static LOGGED: Mutex<BTreeSet<(&str, &str)>> = Mutex::new(BTreeSet::new());
            let first = LOGGED
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert((view, item));
            if first {
                tracing::error!(
                    view,
                    item,
                    style = ?refused,
                    "a button with a custom_id must be primary, secondary, success or danger; \
                     rendered secondary (logged once per item)"
                );
            }
            ButtonStyle::Secondary
        }
    }
}

/// The URL schemes a link button may open: the ones Discord accepts. The
/// macro checks literal URLs at compile time; this checks computed ones.
pub const LINK_SCHEMES: [&str; 3] = ["https", "http", "discord"];

/// Where a link button whose URL was refused points instead; it is also
/// rendered disabled, so nobody is sent there.
const REFUSED_LINK_PLACEHOLDER: &str = "https://discord.com";

/// A link button: opens `url`, sends no interaction.
///
/// A `url` whose scheme is not one of [`LINK_SCHEMES`] (`javascript:`,
/// `file:`, none at all) would make Discord refuse the whole message, and
/// must never reach a user: the button is rendered disabled, pointing at a
/// harmless placeholder, and the refusal is logged as an error.
pub fn link_button(
    url: String,
    label: Option<String>,
    emoji: Option<EmojiReactionType>,
    disabled: bool,
) -> Component {
    let (url, disabled) = if has_link_scheme(&url) {
        (url, disabled)
    } else {
        tracing::error!(
            url,
            "link button url is not http://, https:// or discord://; rendered disabled"
        );
        (REFUSED_LINK_PLACEHOLDER.to_owned(), true)
    };
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

/// A premium button: Discord shows the SKU's name, price and icon and
/// opens the purchase; it sends no interaction.
pub fn premium_button(sku_id: Id<SkuMarker>, disabled: bool) -> Component {
    Component::Button(Button {
        custom_id: None,
        disabled,
        emoji: None,
        id: None,
        label: None,
        sku_id: Some(sku_id),
        style: ButtonStyle::Premium,
        url: None,
    })
}

/// `sku_id = N` of a premium button (`#[view]` refuses 0 at compile time;
/// were one to get here, it would become 1, an id Discord refuses, rather
/// than a panic).
pub fn sku(id: u64) -> Id<SkuMarker> {
    Id::new_checked(id).unwrap_or(Id::<SkuMarker>::new(1))
}

/// Whether `url` starts with `SCHEME://` for one of [`LINK_SCHEMES`]
/// (schemes are case-insensitive) and has something after it.
pub fn has_link_scheme(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && LINK_SCHEMES
                .iter()
                .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
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
    /// Entities shown chosen (`default_values = EXPR`); `None` for none.
    pub default_values: Option<Vec<SelectDefaultValue>>,
}

/// A select menu.
///
/// Discord refuses the whole message when a select's default values are
/// not between its `min_values` and `max_values` (1 and 1 when unset).
/// Rather than lose the message, more than `max_values` keeps the first
/// ones, and fewer than `min_values` shows none chosen (the user picks
/// them all); either is logged as an error naming the select.
pub fn select(custom_id: String, parts: SelectParts) -> Component {
    let mut default_values = parts.default_values;
    let most = usize::from(parts.max_values.unwrap_or(1));
    let fewest = usize::from(parts.min_values.unwrap_or(1));
    if let Some(values) = &mut default_values
        && values.len() > most
    {
        tracing::error!(
            custom_id,
            given = values.len(),
            max_values = most,
            "a select has more default values than it allows chosen; the first ones are shown"
        );
        values.truncate(most);
    }
    if let Some(values) = &default_values
        && values.len() < fewest
    {
        tracing::error!(
            custom_id,
            given = values.len(),
            min_values = fewest,
            "a select has fewer default values than it needs chosen; none are shown"
        );
        default_values = None;
    }
    Component::SelectMenu(SelectMenu {
        channel_types: parts.channel_types,
        custom_id,
        default_values,
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

/// One entry of `default_values = EXPR` on a select of kind `K` (twilight's
/// marker of the entities it lists): a user select takes `Id<UserMarker>`s,
/// a role select `Id<RoleMarker>`s, a channel select `Id<ChannelMarker>`s,
/// a mentionable select `SelectDefaultValue`s (a bare id does not say
/// whether it is a user or a role); each by value or by reference.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a default value of this select",
    label = "a list of the select kind's ids",
    note = "a user select takes `Id<UserMarker>`s, a role select `Id<RoleMarker>`s, a channel select \
            `Id<ChannelMarker>`s and a mentionable select `SelectDefaultValue`s, in any \
            `IntoIterator` (`Vec`, `Option`, a slice, `&Vec`...)"
)]
pub trait DefaultValue<K> {
    /// The value Discord takes.
    fn default_value(&self) -> SelectDefaultValue;
}

impl DefaultValue<UserMarker> for Id<UserMarker> {
    fn default_value(&self) -> SelectDefaultValue {
        SelectDefaultValue::User(*self)
    }
}

impl DefaultValue<RoleMarker> for Id<RoleMarker> {
    fn default_value(&self) -> SelectDefaultValue {
        SelectDefaultValue::Role(*self)
    }
}

impl DefaultValue<ChannelMarker> for Id<ChannelMarker> {
    fn default_value(&self) -> SelectDefaultValue {
        SelectDefaultValue::Channel(*self)
    }
}

impl DefaultValue<GenericMarker> for SelectDefaultValue {
    fn default_value(&self) -> SelectDefaultValue {
        *self
    }
}

impl<K, T: DefaultValue<K> + ?Sized> DefaultValue<K> for &T {
    fn default_value(&self) -> SelectDefaultValue {
        (**self).default_value()
    }
}

/// `default_values = EXPR` of a select of kind `K`: `None` when the list
/// is empty (nothing shown chosen).
pub fn default_values<K, I>(values: I) -> Option<Vec<SelectDefaultValue>>
where
    I: IntoIterator,
    I::Item: DefaultValue<K>,
{
    let values: Vec<SelectDefaultValue> = values
        .into_iter()
        .map(|value| value.default_value())
        .collect();
    (!values.is_empty()).then_some(values)
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
                        default_values: None,
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

#[cfg(test)]
mod default_value_tests {
    use super::*;

    fn parts(kind: SelectMenuType, max_values: Option<u8>) -> SelectParts {
        SelectParts {
            kind,
            options: None,
            placeholder: None,
            min_values: Some(0),
            max_values,
            disabled: false,
            channel_types: None,
            default_values: None,
        }
    }

    fn defaults_of(component: &Component) -> Option<&Vec<SelectDefaultValue>> {
        match component {
            Component::SelectMenu(select) => select.default_values.as_ref(),
            other => panic!("not a select: {other:?}"),
        }
    }

    #[test]
    fn lists_of_the_kinds_ids_become_default_values() {
        let members = vec![Id::<UserMarker>::new(1), Id::new(2)];
        assert_eq!(
            default_values::<UserMarker, _>(&members),
            Some(vec![
                SelectDefaultValue::User(Id::new(1)),
                SelectDefaultValue::User(Id::new(2))
            ])
        );
        let channel: Option<Id<ChannelMarker>> = Some(Id::new(3));
        assert_eq!(
            default_values::<ChannelMarker, _>(channel),
            Some(vec![SelectDefaultValue::Channel(Id::new(3))])
        );
        let roles: [Id<RoleMarker>; 1] = [Id::new(4)];
        assert_eq!(
            default_values::<RoleMarker, _>(roles),
            Some(vec![SelectDefaultValue::Role(Id::new(4))])
        );
        let mentionable = [SelectDefaultValue::Role(Id::new(5))];
        assert_eq!(
            default_values::<GenericMarker, _>(&mentionable[..]),
            Some(vec![SelectDefaultValue::Role(Id::new(5))])
        );
        // Nothing chosen: no field at all.
        assert_eq!(
            default_values::<ChannelMarker, _>(None::<Id<ChannelMarker>>),
            None
        );
    }

    #[test]
    fn more_default_values_than_max_values_keeps_the_first() {
        let three = (1..=3)
            .map(|n| SelectDefaultValue::User(Id::new(n)))
            .collect();
        let component = select(
            "members".to_owned(),
            SelectParts {
                default_values: Some(three),
                ..parts(SelectMenuType::User, Some(2))
            },
        );
        assert_eq!(
            defaults_of(&component),
            Some(&vec![
                SelectDefaultValue::User(Id::new(1)),
                SelectDefaultValue::User(Id::new(2))
            ])
        );
        // Without max_values Discord allows one.
        let two = (1..=2)
            .map(|n| SelectDefaultValue::Channel(Id::new(n)))
            .collect();
        let component = select(
            "channel".to_owned(),
            SelectParts {
                default_values: Some(two),
                ..parts(SelectMenuType::Channel, None)
            },
        );
        assert_eq!(defaults_of(&component).map(Vec::len), Some(1));
    }

    #[test]
    fn fewer_default_values_than_min_values_shows_none_chosen() {
        let one = vec![SelectDefaultValue::Role(Id::new(7))];
        let component = select(
            "roles".to_owned(),
            SelectParts {
                default_values: Some(one.clone()),
                min_values: Some(2),
                ..parts(SelectMenuType::Role, Some(3))
            },
        );
        assert_eq!(defaults_of(&component), None);
        // At the minimum they are kept.
        let component = select(
            "roles".to_owned(),
            SelectParts {
                default_values: Some(one.clone()),
                min_values: Some(1),
                ..parts(SelectMenuType::Role, Some(3))
            },
        );
        assert_eq!(defaults_of(&component), Some(&one));
    }
}

#[cfg(test)]
mod style_tests {
    use super::*;

    #[test]
    fn the_four_interactive_styles_pass_and_the_others_fall_back_to_secondary() {
        for style in [
            ButtonStyle::Primary,
            ButtonStyle::Secondary,
            ButtonStyle::Success,
            ButtonStyle::Danger,
        ] {
            assert_eq!(button_style(style, "V", "a"), style);
        }
        for style in [
            ButtonStyle::Link,
            ButtonStyle::Premium,
            ButtonStyle::Unknown(9),
        ] {
            assert_eq!(button_style(style, "V", "b"), ButtonStyle::Secondary);
        }
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    fn url_and_disabled(component: &Component) -> (Option<&str>, bool) {
        match component {
            Component::Button(button) => (button.url.as_deref(), button.disabled),
            other => panic!("not a button: {other:?}"),
        }
    }

    #[test]
    fn link_buttons_keep_web_and_discord_urls() {
        for url in [
            "https://docs.rs",
            "HTTP://example.com/a?b",
            "discord://-/channels/1/2",
        ] {
            let button = link_button(url.to_owned(), Some("Go".to_owned()), None, false);
            assert_eq!(url_and_disabled(&button), (Some(url), false), "{url}");
        }
    }

    #[test]
    fn link_buttons_with_other_schemes_are_disabled_and_harmless() {
        for url in [
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "file:///etc/passwd",
            "data:text/html,hi",
            "docs.rs",
            "https://",
            "",
        ] {
            let button = link_button(url.to_owned(), Some("Go".to_owned()), None, false);
            assert_eq!(
                url_and_disabled(&button),
                (Some(REFUSED_LINK_PLACEHOLDER), true),
                "{url}"
            );
        }
    }
}
