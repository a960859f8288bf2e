//! The handlers `#[view]` generates: called through the dispatch table with
//! a real (deserialised) component interaction, they extract arguments, run
//! the user's method on the view and convert its return value.
#![allow(clippy::unwrap_used, missing_docs)]

use std::sync::Arc;

use serde_json::json;
use twilight_http::Client;
use twilight_model::{application::interaction::Interaction, id::Id};
use twilight_views::{HandlerErrorKind, prelude::*, render::CustomIds};

#[view(persistent)]
struct Recorder {
    clicks: u32,
    chosen: Vec<String>,
}

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused")
    }
}

impl std::error::Error for Refused {}

#[view]
impl Recorder {
    #[button(custom_id = "rec:click", label = "Click")]
    async fn click(&mut self, ctx: ViewContext) {
        assert_eq!(ctx.custom_id(), "rec:click");
        self.clicks += 1;
    }

    #[select(custom_id = "rec:pick", options = [option(label = "A", value = "a"), option(label = "B", value = "b")], max_values = 2)]
    async fn pick(&mut self, _ctx: ViewContext, values: Vec<String>) -> ViewResult {
        self.chosen = values;
        Ok(())
    }

    #[button(custom_id = "rec:refuse", label = "Refuse")]
    async fn refuse(&self, _ctx: ViewContext) -> Result<(), Refused> {
        Err(Refused)
    }
}

/// A component interaction as Discord sends it (the fields twilight needs).
fn context(custom_id: &str, component_type: u8, values: &[&str]) -> ViewContext {
    let interaction: Interaction = serde_json::from_value(json!({
        "id": "1000000000000000001",
        "application_id": "1000000000000000002",
        "type": 3,
        "token": "interaction-token",
        "version": 1,
        "attachment_size_limit": 8_388_608,
        "authorizing_integration_owners": {},
        "entitlements": [],
        "channel_id": "1000000000000000003",
        "user": {"id": "1000000000000000004", "username": "someone", "discriminator": "0", "avatar": null},
        "data": {"custom_id": custom_id, "component_type": component_type, "values": values},
    }))
    .unwrap();
    ViewContext::new(
        interaction,
        Arc::new(Client::new(String::new())),
        Id::new(1_000_000_000_000_000_002),
        custom_id.to_owned(),
        CustomIds::Declared,
    )
}

/// Runs the table entry with `custom_id` on `view`.
async fn dispatch(
    view: &mut Recorder,
    ctx: ViewContext,
) -> Result<(), twilight_views::HandlerError> {
    let spec = Recorder::items()
        .iter()
        .find(|item| item.custom_id == Some(ctx.custom_id()))
        .unwrap();
    (spec.handler)(view, ctx).await
}

fn recorder() -> Recorder {
    Recorder {
        clicks: 0,
        chosen: Vec::new(),
    }
}

#[tokio::test]
async fn a_button_handler_mutates_the_view() {
    let mut view = recorder();
    dispatch(&mut view, context("rec:click", 2, &[]))
        .await
        .unwrap();
    dispatch(&mut view, context("rec:click", 2, &[]))
        .await
        .unwrap();
    assert_eq!(view.clicks, 2);
}

#[tokio::test]
async fn a_select_handler_receives_its_values() {
    let mut view = recorder();
    dispatch(&mut view, context("rec:pick", 3, &["b", "a"]))
        .await
        .unwrap();
    assert_eq!(view.chosen, ["b", "a"]);
}

#[tokio::test]
async fn a_returned_error_becomes_a_handler_error() {
    let mut view = recorder();
    let error = dispatch(&mut view, context("rec:refuse", 2, &[]))
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), HandlerErrorKind::Returned));
    assert_eq!(
        std::error::Error::source(&error).unwrap().to_string(),
        "refused"
    );
}
