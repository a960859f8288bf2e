//! The components `#[view]` renders, compared with the exact JSON Discord
//! expects, and the dispatch table and options it generates.
#![allow(clippy::unwrap_used, missing_docs)]

use std::{
    io::Write,
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::json;
use twilight_model::channel::message::{Component, component::ComponentType};
use twilight_views::{AutoDefer, ViewOptions, prelude::*, render::CustomIds};

/// The counter of DESIGN.md.
#[view(persistent)]
#[derive(Serialize, Deserialize)]
struct Counter {
    count: u64,
}

#[view]
impl Counter {
    #[button(
        custom_id = "counter:increment",
        label = "Increment",
        style = "primary"
    )]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        let _ = ctx;
        Ok(())
    }
}

#[test]
fn counter_renders_the_json_discord_expects() {
    let components = Counter { count: 0 }.components();
    // twilight omits `disabled` when false, as Discord's own examples do.
    assert_eq!(
        serde_json::to_value(&components).unwrap(),
        json!([{"type": 1, "components": [
            {"type": 2, "custom_id": "counter:increment", "label": "Increment", "style": 1}
        ]}])
    );
}

/// The 1-based line of this file where `needle` first occurs.
fn line_of(needle: &str) -> u32 {
    let index = include_str!("macro_components.rs")
        .lines()
        .position(|line| line.contains(needle))
        .unwrap();
    u32::try_from(index + 1).unwrap()
}

#[test]
fn counter_options_and_table() {
    assert_eq!(Counter::NAME, "Counter");
    const { assert!(Counter::PERSISTENT) };
    assert_eq!(Counter::TIMEOUT, None);
    assert!(Counter::DEFINED_AT.file.ends_with("macro_components.rs"));
    assert_eq!(Counter::DEFINED_AT.line, line_of("struct Counter {"));

    let items = Counter::items();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].custom_id, Some("counter:increment"));
    assert_eq!(items[0].name, "increment");
    assert_eq!(items[0].component_type, ComponentType::Button);
    assert_eq!(items[0].auto_defer, AutoDefer::Update);
    // `defined_at` is the method's line, for collision reports.
    assert_eq!(items[0].defined_at.line, line_of("async fn increment("));
}

/// Several kinds of item, auto and explicit rows.
#[view(persistent)]
struct Panel {
    count: u64,
    locked: bool,
}

#[view]
impl Panel {
    #[button(custom_id = "panel:up", label = format!("Up ({})", self.count), style = "success")]
    async fn up(&mut self, _ctx: ViewContext) {
        self.count += 1;
    }

    #[button(custom_id = "panel:down", emoji = "👎", style = "danger", disabled = self.locked, defer = "ephemeral")]
    async fn down(&mut self, _ctx: ViewContext) {
        self.count -= 1;
    }

    #[button(
        url = "https://docs.rs/twilight-views",
        label = "Docs",
        emoji = "<:docs:123456789012345678>"
    )]
    const DOCS: () = ();

    #[select(
        custom_id = "panel:colour",
        placeholder = "Colour",
        min_values = 1,
        max_values = 2,
        options = [
            option(label = "Red", value = "red", description = "warm", emoji = "🟥", default = true),
            option(label = "Blue", value = "blue"),
        ],
    )]
    async fn colour(&self, _ctx: ViewContext, _values: Vec<String>) {}

    #[select(custom_id = "panel:channel", kind = "channel", channel_types = ["text", "forum"], row = 4)]
    async fn channel(&self, _ctx: ViewContext) {}

    #[button(custom_id = "panel:reset", label = "Reset", row = 3, defer = "off")]
    async fn reset(&mut self, _ctx: ViewContext) {
        self.count = 0;
    }

    #[select(custom_id = "panel:user", kind = "user", disabled)]
    async fn user(&self, _ctx: ViewContext) {}
}

#[test]
fn panel_layout_and_json() {
    let components = Panel {
        count: 2,
        locked: true,
    }
    .components();
    // Row 0: up, down, DOCS (auto); row 1: colour; row 2: user (first free
    // row for a select); row 3: reset (explicit); row 4: channel (explicit).
    assert_eq!(
        serde_json::to_value(&components).unwrap(),
        json!([
            {"type": 1, "components": [
                {"type": 2, "custom_id": "panel:up", "label": "Up (2)", "style": 3},
                {"type": 2, "custom_id": "panel:down", "disabled": true,
                 "emoji": {"name": "👎"}, "style": 4},
                {"type": 2, "emoji": {"animated": false, "id": "123456789012345678", "name": "docs"},
                 "label": "Docs", "style": 5, "url": "https://docs.rs/twilight-views"},
            ]},
            {"type": 1, "components": [
                {"type": 3, "custom_id": "panel:colour", "disabled": false,
                 "max_values": 2, "min_values": 1, "placeholder": "Colour",
                 "options": [
                    {"default": true, "description": "warm", "emoji": {"name": "🟥"},
                     "label": "Red", "value": "red"},
                    {"default": false, "label": "Blue", "value": "blue"},
                 ]},
            ]},
            {"type": 1, "components": [
                {"type": 5, "custom_id": "panel:user", "disabled": true},
            ]},
            {"type": 1, "components": [
                {"type": 2, "custom_id": "panel:reset", "label": "Reset", "style": 2},
            ]},
            {"type": 1, "components": [
                {"type": 8, "custom_id": "panel:channel", "disabled": false,
                 "channel_types": [0, 15]},
            ]},
        ])
    );
}

#[test]
fn mutates_follows_the_receiver() {
    let mutates: Vec<(&str, bool)> = Panel::items()
        .iter()
        .map(|item| (item.name, item.mutates))
        .collect();
    assert_eq!(
        mutates,
        [
            ("up", true),
            ("down", true),
            ("colour", false),
            ("channel", false),
            ("reset", true),
            ("user", false),
        ]
    );
}

#[test]
fn panel_table_is_in_declaration_order_without_link_buttons() {
    let table: Vec<(&str, Option<&str>, ComponentType, AutoDefer)> = Panel::items()
        .iter()
        .map(|item| {
            (
                item.name,
                item.custom_id,
                item.component_type,
                item.auto_defer,
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            (
                "up",
                Some("panel:up"),
                ComponentType::Button,
                AutoDefer::Update
            ),
            (
                "down",
                Some("panel:down"),
                ComponentType::Button,
                AutoDefer::Ephemeral
            ),
            (
                "colour",
                Some("panel:colour"),
                ComponentType::TextSelectMenu,
                AutoDefer::Update
            ),
            (
                "channel",
                Some("panel:channel"),
                ComponentType::ChannelSelectMenu,
                AutoDefer::Update
            ),
            (
                "reset",
                Some("panel:reset"),
                ComponentType::Button,
                AutoDefer::Off
            ),
            (
                "user",
                Some("panel:user"),
                ComponentType::UserSelectMenu,
                AutoDefer::Update
            ),
        ]
    );
}

/// The label of the first button, rendered.
fn first_label(view: &Panel) -> Option<String> {
    let json = serde_json::to_value(view.components()).unwrap();
    json[0]["components"][0]["label"]
        .as_str()
        .map(str::to_owned)
}

#[test]
fn expressions_re_render_after_a_change() {
    let mut panel = Panel {
        count: 0,
        locked: false,
    };
    assert_eq!(first_label(&panel).as_deref(), Some("Up (0)"));
    panel.count = 41;
    assert_eq!(first_label(&panel).as_deref(), Some("Up (41)"));
    let json = serde_json::to_value(panel.components()).unwrap();
    assert!(json[0]["components"][1].get("disabled").is_none());
}

/// A non-persistent view: items may omit custom_id.
#[view]
struct Ephemeral;

#[view]
impl Ephemeral {
    #[button(label = "One")]
    async fn one(&self, _ctx: ViewContext) {}

    #[button(url = "https://example.com", label = "Site")]
    const SITE: () = ();

    #[button(custom_id = "ignored:for:instances", label = "Two")]
    async fn two(&self, _ctx: ViewContext) {}
}

#[test]
fn non_persistent_views_use_instance_ids() {
    const { assert!(!Ephemeral::PERSISTENT) };
    assert_eq!(Ephemeral::TIMEOUT, Some(Duration::from_secs(180)));
    let ids = CustomIds::Instance {
        prefix: "tv:abc:".to_owned(),
    };
    let json = serde_json::to_value(Ephemeral.render(&ids)).unwrap();
    let row = &json[0]["components"];
    // Ids follow the dispatch-table index; the link button has none.
    assert_eq!(row[0]["custom_id"], "tv:abc:0");
    assert_eq!(row[1]["url"], "https://example.com");
    assert!(row[1].get("custom_id").is_none());
    assert_eq!(row[2]["custom_id"], "tv:abc:1");
}

#[view(timeout = 42)]
struct Short;

#[view]
impl Short {}

#[test]
fn explicit_timeout_and_empty_view() {
    assert_eq!(Short::TIMEOUT, Some(Duration::from_secs(42)));
    assert!(Short::items().is_empty());
    assert!(Short.components().is_empty());
}

/// discord.py's `views/ephemeral.py` counter: red until 5 clicks, then
/// green, with only the prelude in scope.
#[view]
struct Tally {
    count: u64,
}

#[view]
impl Tally {
    #[button(
        label = format!("Count: {}", self.count),
        style = if self.count >= 5 { ButtonStyle::Success } else { ButtonStyle::Danger }
    )]
    async fn count(&mut self, _ctx: ViewContext) {
        self.count += 1;
    }
}

/// The first button's `style`, rendered.
fn first_style(components: Vec<Component>) -> serde_json::Value {
    serde_json::to_value(components).unwrap()[0]["components"][0]["style"].clone()
}

#[test]
fn a_style_expression_follows_the_state() {
    let mut tally = Tally { count: 0 };
    assert_eq!(first_style(tally.components()), json!(4), "danger at 0");
    tally.count = 4;
    assert_eq!(first_style(tally.components()), json!(4), "danger at 4");
    tally.count = 5;
    assert_eq!(first_style(tally.components()), json!(3), "success at 5");
}

/// A style taken from the state as it is.
#[view]
struct Styled {
    style: ButtonStyle,
}

#[view]
impl Styled {
    #[button(label = "Go", style = self.style)]
    async fn go(&self, _ctx: ViewContext) {}
}

/// Errors logged on this thread while the guard lives.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn link_premium_or_unknown_styles_render_secondary_and_are_logged_once() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::ERROR)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    for style in [
        ButtonStyle::Link,
        ButtonStyle::Premium,
        ButtonStyle::Unknown(42),
        ButtonStyle::Link,
    ] {
        let json = serde_json::to_value(Styled { style }.components()).unwrap();
        let button = &json[0]["components"][0];
        // Still a working button: its custom_id, no url, the default style.
        assert_eq!(button["style"], json!(2), "{style:?}: {button}");
        assert_eq!(button["custom_id"], json!("unbound:0"), "{button}");
        assert!(button.get("url").is_none(), "{button}");
    }
    assert_eq!(
        first_style(
            Styled {
                style: ButtonStyle::Primary
            }
            .components()
        ),
        json!(1)
    );

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "one error for the item, not one per render: {text}"
    );
    for needle in [
        "ERROR",
        "view=\"Styled\"",
        "item=\"go\"",
        "style=Link",
        "rendered secondary",
    ] {
        assert!(lines[0].contains(needle), "{needle} missing in {text}");
    }
}

/// Entity selects showing what the view's state has chosen.
#[view(persistent)]
#[derive(Serialize, Deserialize, Default)]
struct Chosen {
    channel: Option<twilight_model::id::Id<twilight_model::id::marker::ChannelMarker>>,
    members: Vec<twilight_model::id::Id<twilight_model::id::marker::UserMarker>>,
}

#[view]
impl Chosen {
    #[select(
        custom_id = "chosen:channel",
        kind = "channel",
        channel_types = ["text", "public_thread"],
        min_values = 0,
        max_values = 1,
        default_values = self.channel
    )]
    async fn channel(&mut self, ctx: ViewContext) {
        let _ = ctx;
    }

    #[select(
        custom_id = "chosen:members",
        kind = "user",
        min_values = 0,
        max_values = 5,
        default_values = &self.members
    )]
    async fn members(&mut self, ctx: ViewContext) {
        let _ = ctx;
    }
}

#[test]
fn default_values_come_from_state_at_each_render() {
    let selects = |view: &Chosen| {
        let rows = serde_json::to_value(view.components()).unwrap();
        [
            rows[0]["components"][0].clone(),
            rows[1]["components"][0].clone(),
        ]
    };
    // Nothing chosen: no default_values at all.
    let [channel, members] = selects(&Chosen::default());
    assert_eq!(channel.get("default_values"), None, "{channel}");
    assert_eq!(members.get("default_values"), None, "{members}");

    let chosen = Chosen {
        channel: Some(twilight_model::id::Id::new(42)),
        members: vec![
            twilight_model::id::Id::new(7),
            twilight_model::id::Id::new(8),
        ],
    };
    let [channel, members] = selects(&chosen);
    assert_eq!(
        channel,
        json!({"type": 8, "custom_id": "chosen:channel", "channel_types": [0, 11],
               "min_values": 0, "max_values": 1, "disabled": false,
               "default_values": [{"type": "channel", "id": "42"}]})
    );
    assert_eq!(
        members["default_values"],
        json!([{"type": "user", "id": "7"}, {"type": "user", "id": "8"}])
    );
}
