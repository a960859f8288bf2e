//! Discord's limits on message components, checked at compile time on
//! literals. Each is what the API answers `400 Invalid Form Body` to, so a
//! view that breaks one would fail at the first send instead.

/// A custom_id is 1 to 100 characters: Discord's `custom_id` field limit.
pub const CUSTOM_ID_MAX: usize = 100;
/// A button label is at most 80 characters.
pub const BUTTON_LABEL_MAX: usize = 80;
/// A select placeholder is at most 150 characters.
pub const PLACEHOLDER_MAX: usize = 150;
/// A string select has 1 to 25 options.
pub const OPTIONS_MAX: usize = 25;
/// An option's label, value and description are at most 100 characters each.
pub const OPTION_TEXT_MAX: usize = 100;
/// `min_values` and `max_values` are at most 25.
pub const VALUES_MAX: u64 = 25;
/// A message has at most 5 action rows.
pub const ROWS: usize = 5;
/// An action row holds 5 buttons, or one select (which takes the full width).
pub const ROW_WIDTH: usize = 5;
/// A link button's URL is at most 512 characters.
pub const URL_MAX: usize = 512;
/// discord.py's default inactivity timeout of a non-persistent view.
pub const DEFAULT_TIMEOUT_SECS: u64 = 180;
/// Prefix of the ids the router generates for non-persistent instances
/// (`views_core::router::ids::INSTANCE_PREFIX`); a declared id starting with
/// it could be mistaken for one, so the router refuses it at start-up.
pub const RESERVED_PREFIX: &str = "tvi:";
