//! The full parse is lazy: a click whose handler reads only what routing
//! read parses nothing more; one that asks for the interaction, the user,
//! the member or the message parses it once, however often it asks.

use twilight_model::{id::Id, user::User};
use twilight_views::{
    DispatchOutcome, RawInteraction, prelude::*, raw::full_parses_on_this_thread,
};

use serde_json::json;
use views_testkit::discord::{USER_ID, interaction_json};

use crate::{click_json, frame_of, one_callback, router, select_json};

/// An unbound view whose handlers read more or less of the interaction.
#[view(persistent)]
pub struct Probe;

#[view]
impl Probe {
    /// Reads the routing fields only.
    #[button(custom_id = "probe:ids", label = "Ids")]
    async fn ids(&self, ctx: ViewContext) -> ViewResult {
        assert!(ctx.user_id().is_some() && ctx.guild_id().is_some());
        assert!(ctx.channel_id().is_some() && ctx.message_id().is_some());
        assert_eq!(ctx.custom_id(), "probe:ids");
        ctx.respond_ephemeral("ids").await
    }

    /// Asks for the whole interaction, several times and several ways.
    #[button(custom_id = "probe:all", label = "All")]
    async fn all(&self, ctx: ViewContext) -> ViewResult {
        let name = ctx.user().map(|user| user.name.clone());
        assert_eq!(name.as_deref(), Some("Mason"));
        assert!(ctx.member().is_some());
        assert_eq!(ctx.message().map(|m| m.id), ctx.message_id());
        assert_eq!(ctx.interaction().id, ctx.interaction().id);
        ctx.respond_ephemeral("all").await
    }

    /// A select's values, as sent.
    #[select(
        custom_id = "probe:pick",
        options = [
            option(label = "A", value = "a"),
            option(label = "B", value = "b"),
            option(label = "C", value = "c"),
        ],
        max_values = 3
    )]
    async fn pick(&self, ctx: ViewContext, picked: Vec<String>) -> ViewResult {
        assert_eq!(picked, ["a", "c"]);
        ctx.respond_ephemeral("picked").await
    }
}

/// A stored view whose `&mut self` handler counts.
#[view(persistent)]
#[derive(Serialize, Deserialize, Default)]
pub struct Tally {
    count: u64,
}

#[view]
impl Tally {
    #[button(custom_id = "tally:add", label = "Add")]
    async fn add(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        ctx.respond_ephemeral(format!("{}", self.count)).await
    }
}

/// A form of one text input.
#[modal(title = "Feedback", custom_id = "feedback")]
pub struct Feedback {
    #[text_input(label = "Text")]
    text: String,
}

/// The form's submit handler: its fields, from the data read at entry.
pub async fn feedback(ctx: ViewContext, form: Feedback) -> ViewResult {
    assert_eq!(form.text, "so good");
    ctx.respond_ephemeral("thanks").await
}

/// Dispatches `frame` through the raw entry; the full parses it made.
async fn dispatch_frame(router: &ViewRouter, frame: String) -> (DispatchOutcome, u64) {
    let raw = RawInteraction::from_frame(frame).expect("a click frame");
    assert!(!raw.is_parsed());
    let before = full_parses_on_this_thread();
    let outcome = router.dispatch(raw).await;
    (outcome, full_parses_on_this_thread() - before)
}

#[tokio::test]
async fn a_click_that_reads_its_routing_fields_parses_nothing_more() {
    let (router, recorder) = router();
    let (outcome, parses) = dispatch_frame(&router, frame_of(&click_json("probe:ids", 900))).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(parses, 0);
    assert!(one_callback(&recorder), "{:?}", recorder.sent());
}

#[tokio::test]
async fn a_handler_asking_for_the_interaction_parses_it_once() {
    let (router, recorder) = router();
    let (outcome, parses) = dispatch_frame(&router, frame_of(&click_json("probe:all", 900))).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        parses, 1,
        "user, member, message and interaction: one parse"
    );
    assert!(one_callback(&recorder));
}

#[tokio::test]
async fn select_values_need_no_full_parse() {
    let (router, _recorder) = router();
    let frame = frame_of(&select_json("probe:pick", &["a", "c"], 900));
    let (outcome, parses) = dispatch_frame(&router, frame).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(parses, 0);
}

#[tokio::test]
async fn a_stateful_click_on_a_stored_view_parses_nothing_more() {
    let (router, recorder) = router();
    router.bind(Id::new(901), Tally::default()).await.unwrap();
    for _ in 0..3 {
        let (outcome, parses) =
            dispatch_frame(&router, frame_of(&click_json("tally:add", 901))).await;
        assert!(outcome.is_handled(), "{outcome:?}");
        assert_eq!(parses, 0);
    }
    assert_eq!(recorder.sent().len(), 3);
}

#[tokio::test]
async fn an_unknown_click_is_handed_back_unparsed_and_parses_once_on_demand() {
    let (router, recorder) = router();
    let (outcome, parses) =
        dispatch_frame(&router, frame_of(&click_json("someone-else:button", 900))).await;
    assert_eq!(parses, 0);
    let DispatchOutcome::UnknownCustomId {
        custom_id,
        interaction,
    } = outcome
    else {
        panic!("{outcome:?}");
    };
    assert_eq!(custom_id, "someone-else:button");
    assert!(recorder.sent().is_empty(), "not answered");
    let before = full_parses_on_this_thread();
    let user: Option<&User> = interaction.author();
    assert!(user.is_some());
    assert!(interaction.message.is_some());
    let parsed = interaction.into_interaction();
    assert_eq!(parsed.author_id(), parsed.author_id());
    assert_eq!(full_parses_on_this_thread() - before, 1);
}

#[tokio::test]
async fn a_modal_submission_reads_its_fields_without_a_full_parse() {
    let (router, recorder) = router();
    let text = json!({"type": 4, "id": 2, "custom_id": "text", "value": "so good"});
    let data = json!({
        "custom_id": "feedback",
        "components": [{"type": 18, "id": 1, "component": text}],
    });
    let mut submission = interaction_json(data, Some(900), USER_ID);
    submission["type"] = json!(5);
    let (outcome, parses) = dispatch_frame(&router, frame_of(&submission)).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(parses, 0);
    assert!(one_callback(&recorder), "{:?}", recorder.sent());
}
