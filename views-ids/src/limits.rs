//! Discord's limits on message components and modals: what its API answers
//! `400 Invalid Form Body` to. The macros check literals against them at
//! compile time, so a view that breaks one fails to build instead of
//! failing at its first send; the runtime checks what it builds at run
//! time (templated custom_ids, rows).
//!
//! Lengths are in characters (Unicode scalar values), as Discord counts.
//! Counts and lengths are `usize`; a limit on a number the payload carries
//! has that field's type (`u8` for select values, `u16` for text lengths).

/// The longest custom_id (of a button, a select, a modal); it has at least
/// one character.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const CUSTOM_ID_MAX: usize = 100;

/// The longest button label.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const BUTTON_LABEL_MAX: usize = 80;

/// The longest link button URL.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const URL_MAX: usize = 512;

/// The longest select placeholder (in a message or in a modal).
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const SELECT_PLACEHOLDER_MAX: usize = 150;

/// The most options of a string select (it has at least one).
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const SELECT_OPTIONS_MAX: usize = 25;

/// The longest label, value and description of a select option, each.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const OPTION_TEXT_MAX: usize = 100;

/// The largest `min_values` and `max_values` of a select.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const SELECT_VALUES_MAX: u8 = 25;

/// The most action rows in a message.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const ACTION_ROWS_MAX: usize = 5;

/// The width of an action row: 5 buttons, or one select (which takes the
/// whole row).
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#compile-time-rules).
pub const ACTION_ROW_WIDTH: usize = 5;

/// The longest modal title.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const MODAL_TITLE_MAX: usize = 45;

/// The most components (inputs) of a modal; it has at least one.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const MODAL_COMPONENTS_MAX: usize = 5;

/// The longest label of a modal input.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const INPUT_LABEL_MAX: usize = 45;

/// The longest description (second line) of a modal input's label.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const INPUT_DESCRIPTION_MAX: usize = 100;

/// The longest placeholder of a text input.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const TEXT_INPUT_PLACEHOLDER_MAX: usize = 100;

/// The largest `min_length` and `max_length` of a text input, and the
/// longest value it holds.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const TEXT_INPUT_LENGTH_MAX: u16 = 4000;

/// The most options of a checkbox group; it has at least one (Discord's
/// OpenAPI: `CheckboxGroupComponentForModalRequest`).
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const CHECKBOX_GROUP_OPTIONS_MAX: usize = 10;

/// The largest `min_values` and `max_values` of a checkbox group.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const CHECKBOX_GROUP_VALUES_MAX: u8 = 10;

/// The largest `min_values` and `max_values` of a file upload in a modal:
/// the most files one upload takes (Discord's OpenAPI:
/// `FileUploadComponentForModalRequest`).
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const FILE_UPLOAD_VALUES_MAX: u8 = 10;

/// The longest content of a text display in a modal (and of one in a
/// message).
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#rules).
pub const TEXT_DISPLAY_MAX: usize = 4000;

/// The most components of a Components V2 (layout) message, nested ones
/// included: every container, section, text, row, button and select
/// counts once.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const LAYOUT_COMPONENTS_MAX: usize = 40;

/// The most characters of text display content across a layout message
/// (each text display has at least one).
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const LAYOUT_TEXT_MAX: usize = 4000;

/// The most text displays of a section; it has at least one.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const SECTION_TEXTS_MAX: usize = 3;

/// The most items of a media gallery; it has at least one.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const GALLERY_ITEMS_MAX: usize = 10;

/// The longest description (alt text) of a thumbnail or a gallery item.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const MEDIA_DESCRIPTION_MAX: usize = 1024;

/// The longest media URL of a thumbnail, a gallery item or a file.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const MEDIA_URL_MAX: usize = 2048;

/// The largest container accent colour (`0xRRGGBB`).
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const ACCENT_COLOR_MAX: u32 = 0x00FF_FFFF;

/// The largest numeric component `id` (a 32-bit signed integer; ids are
/// unique within a message).
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const COMPONENT_ID_MAX: i32 = i32::MAX;

/// The schemes a media URL (thumbnail, gallery item) may use:
/// `attachment://NAME` names a file uploaded with the message.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub const MEDIA_SCHEMES: [&str; 3] = ["https", "http", "attachment"];

/// Whether `url` is `SCHEME://` something for one of [`MEDIA_SCHEMES`]
/// (a file component accepts `attachment` only).
///
/// ```
/// use views_ids::limits::is_media_url;
///
/// assert!(is_media_url("https://example.com/a.png"));
/// assert!(is_media_url("attachment://report.pdf"));
/// assert!(!is_media_url("javascript:alert(1)"));
/// assert!(!is_media_url(""));
/// ```
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#rules).
pub fn is_media_url(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && MEDIA_SCHEMES
                .iter()
                .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
    })
}
