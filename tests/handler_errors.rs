//! Handler return types: `Result<(), E>` for every `E` that converts into
//! `Box<dyn Error + Send + Sync>` reaches `on_error` with its message; a
//! panic while a handler's arguments are extracted is a failed handler too.
#![allow(clippy::unwrap_used, missing_docs)]

use std::{error::Error, fmt};

use twilight_views::{
    DispatchOutcome, FromInteraction, HandlerError, HandlerErrorKind, prelude::*,
};
use views_testkit::discord::{FakeDiscord, USER_ID, click, interaction_json, parse, token_of};

/// An error type of the bot's own.
#[derive(Debug)]
struct QuotaExceeded;

impl fmt::Display for QuotaExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("quota exceeded")
    }
}

impl Error for QuotaExceeded {}

fn check_quota(ok: bool) -> Result<(), QuotaExceeded> {
    if ok { Ok(()) } else { Err(QuotaExceeded) }
}

/// A handler argument of the bot's own whose extraction panics: the
/// arguments are extracted when the handler is called, before its future
/// exists, and the router must catch that panic as one in the handler.
struct Exploding;

impl FromInteraction for Exploding {
    fn from_interaction(_ctx: &ViewContext) -> Result<Self, HandlerError> {
        panic!("the extraction exploded")
    }
}

#[view(persistent)]
struct Reports;

#[view]
impl Reports {
    #[button(custom_id = "reports:boxed", label = "Boxed")]
    async fn boxed(&self, ctx: ViewContext) -> Result<(), Box<dyn Error + Send + Sync>> {
        check_quota(ctx.custom_id().is_empty())?;
        ctx.respond("unreachable").await?;
        Ok(())
    }

    #[button(custom_id = "reports:anyhow", label = "Anyhow")]
    async fn with_anyhow(&self, _ctx: ViewContext) -> anyhow::Result<()> {
        Err(anyhow::anyhow!("the report service is down"))
    }

    #[button(custom_id = "reports:message", label = "Message")]
    async fn message(&self, _ctx: ViewContext) -> Result<(), String> {
        Err(format!("no report for {}", 42))
    }

    #[button(custom_id = "reports:own", label = "Own")]
    async fn own(&self, _ctx: ViewContext) -> Result<(), QuotaExceeded> {
        check_quota(false)
    }

    #[button(custom_id = "reports:fine", label = "Fine")]
    async fn fine(&self, ctx: ViewContext) -> anyhow::Result<()> {
        ctx.respond_ephemeral("here is your report").await?;
        Ok(())
    }

    #[select(custom_id = "reports:pick", options = [option(label = "A", value = "a")])]
    async fn pick(&self, _ctx: ViewContext, _picked: Exploding) -> ViewResult {
        Ok(())
    }

    async fn on_error(&mut self, ctx: &ViewContext, error: &HandlerError) {
        let returned = matches!(error.kind(), HandlerErrorKind::Returned);
        let source = error.source().map(ToString::to_string).unwrap_or_default();
        let _ = ctx
            .respond_ephemeral(format!("returned={returned} source={source}"))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_type_that_boxes_reaches_on_error_with_its_message() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Reports>().build().unwrap();
    router.add_view(Reports).unwrap();

    for (custom_id, expected) in [
        ("reports:boxed", "returned=true source=quota exceeded"),
        (
            "reports:anyhow",
            "returned=true source=the report service is down",
        ),
        ("reports:message", "returned=true source=no report for 42"),
        ("reports:own", "returned=true source=quota exceeded"),
    ] {
        let interaction = click(custom_id, 980);
        let token = token_of(&interaction);
        let outcome = router.dispatch(interaction).await;
        assert!(
            matches!(outcome, DispatchOutcome::Failed { .. }),
            "{custom_id}: {outcome:?}"
        );
        let sent = discord.requests_for(&token);
        assert_eq!(sent.len(), 1, "{custom_id}: {sent:?}");
        assert_eq!(sent[0].content(), Some(expected), "{custom_id}");
    }

    let fine = click("reports:fine", 980);
    let token = token_of(&fine);
    assert!(router.dispatch(fine).await.is_handled());
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("here is your report")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_extracting_an_argument_fails_the_handler_and_reaches_on_error() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Reports>().build().unwrap();
    router.add_view(Reports).unwrap();

    let data =
        serde_json::json!({"custom_id": "reports:pick", "component_type": 3, "values": ["a"]});
    let interaction = parse(interaction_json(data, Some(980), USER_ID));
    let token = token_of(&interaction);
    match router.dispatch(interaction).await {
        DispatchOutcome::Failed { item, error, .. } => {
            assert_eq!(item, "pick");
            match error.kind() {
                HandlerErrorKind::Panicked { message } => {
                    assert_eq!(message, "the extraction exploded");
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        other => panic!("unexpected {other:?}"),
    }
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].content(), Some("returned=false source="));

    // The router and the view still work.
    let fine = click("reports:fine", 980);
    assert!(router.dispatch(fine).await.is_handled());
}
