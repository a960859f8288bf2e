//! Dynamic items routed by `ViewRouter` against a local stand-in for
//! Discord's REST API: whole-id matching, typed fields, the generated id
//! constructors, and template collisions between views.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use twilight_model::{
    channel::message::Component,
    id::{Id, marker::RoleMarker},
};
use twilight_views::{
    CustomIdErrorKind, DispatchOutcome, RouterErrorKind, View, ViewRouter, prelude::*,
};
use views_testkit::discord::{FakeDiscord, USER_ID, click, interaction_json, parse, token_of};

/// Role buttons: the role travels in the custom_id.
#[view(persistent)]
struct RoleMenu {
    role_id: Id<RoleMarker>,
    page: u32,
}

#[view]
impl RoleMenu {
    #[button(custom_id = "role:{role_id}", label = "Toggle")]
    async fn toggle(&self, ctx: ViewContext, role_id: Id<RoleMarker>) -> ViewResult {
        ctx.respond_ephemeral(format!("toggled <@&{role_id}>"))
            .await
    }

    #[button(custom_id = "page:{page}:of:{role_id}", label = "Next")]
    async fn next(&self, ctx: ViewContext, role_id: Id<RoleMarker>, page: u32) -> ViewResult {
        ctx.respond_ephemeral(format!("page {page} of {role_id}"))
            .await
    }

    #[button(custom_id = "roles:close", label = "Close")]
    async fn close(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("closed").await
    }
}

/// A stored view with a dynamic item: the bound state and the clicked
/// fields together.
#[view(persistent)]
#[derive(Serialize, Deserialize)]
struct Poll {
    question: String,
    choice: u8,
    votes: u32,
}

#[view]
impl Poll {
    #[button(custom_id = "poll:vote:{choice}", label = "Vote")]
    async fn vote(&mut self, ctx: ViewContext, choice: u8) -> ViewResult {
        self.votes += 1;
        ctx.respond_ephemeral(format!(
            "{}: vote {} for {choice}",
            self.question, self.votes
        ))
        .await
    }
}

/// A second view whose template prefix overlaps `RoleMenu`'s.
#[view(persistent)]
struct Overlapping {
    id: u64,
}

#[view]
impl Overlapping {
    #[button(custom_id = "role:x:{id}", label = "X")]
    async fn x(&self, ctx: ViewContext, id: u64) -> ViewResult {
        ctx.respond_ephemeral(format!("{id}")).await
    }
}

/// Free text fields and a select.
#[view(persistent)]
struct Notes {
    topic: String,
}

#[view]
impl Notes {
    #[select(custom_id = "notes:{topic}", options = [option(label = "a", value = "a")])]
    async fn pick(&self, ctx: ViewContext, topic: String, values: Vec<String>) -> ViewResult {
        ctx.respond_ephemeral(format!("{topic}: {}", values.join(",")))
            .await
    }

    #[button(custom_id = "grow-notes", label = "Grow")]
    async fn grow(&mut self, ctx: ViewContext) -> ViewResult {
        self.topic = "x".repeat(99);
        ctx.update_view(self).await
    }
}

fn menu() -> RoleMenu {
    RoleMenu {
        role_id: Id::new(1),
        page: 0,
    }
}

fn router(discord: &FakeDiscord) -> ViewRouter {
    let router = discord
        .router()
        .view::<RoleMenu>()
        .view::<Notes>()
        .build()
        .unwrap();
    router.add_view(menu()).unwrap();
    router
        .add_view(Notes {
            topic: String::new(),
        })
        .unwrap();
    router
}

fn custom_ids(components: &[Component]) -> Vec<String> {
    components
        .iter()
        .flat_map(|row| match row {
            Component::ActionRow(row) => row.components.clone(),
            other => vec![other.clone()],
        })
        .filter_map(|component| match component {
            Component::Button(button) => button.custom_id,
            Component::SelectMenu(select) => Some(select.custom_id),
            _ => None,
        })
        .collect()
}

#[test]
fn render_fills_templates_from_the_view_fields() {
    let view = RoleMenu {
        role_id: Id::new(42),
        page: 3,
    };
    assert_eq!(
        custom_ids(&view.components()),
        ["role:42", "page:3:of:42", "roles:close"]
    );
}

#[test]
fn constructors_build_what_handlers_match() {
    let id = RoleMenu::toggle_custom_id(Id::<RoleMarker>::new(7)).unwrap();
    assert_eq!(id, "role:7");
    assert_eq!(
        RoleMenu::next_custom_id(2_u32, Id::<RoleMarker>::new(9)).unwrap(),
        "page:2:of:9"
    );
    // A field whose text contains the separator after it would be read
    // back differently: refused instead of producing an id that drifts.
    let long = "x".repeat(95);
    let error = Notes::pick_custom_id(long).unwrap_err();
    assert!(
        matches!(error.kind(), CustomIdErrorKind::TooLong { len: 101, .. }),
        "{error}"
    );
}

#[tokio::test]
async fn clicks_on_templates_reach_the_handler_with_typed_fields() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord);

    let interaction = click("role:42", 900);
    let token = token_of(&interaction);
    let outcome = router.dispatch(interaction).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Handled {
                view: "RoleMenu",
                item: "toggle"
            }
        ),
        "{outcome:?}"
    );
    let sent = discord.requests_for(&token);
    assert_eq!(sent[0].content(), Some("toggled <@&42>"));

    let interaction = click("page:5:of:8", 901);
    let token = token_of(&interaction);
    assert!(router.dispatch(interaction).await.is_handled());
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("page 5 of 8")
    );

    // Static ids still win their exact match.
    assert!(
        router
            .dispatch(click("roles:close", 902))
            .await
            .is_handled()
    );
}

/// An id with one of our templates' prefixes whose fields do not parse (an
/// id from an older release, or a forged one) is ours: the user gets the
/// "unavailable" answer instead of Discord's "This interaction failed".
/// Only an id with none of our prefixes is left to the rest of the bot.
#[tokio::test]
async fn ids_with_our_prefix_that_do_not_parse_are_answered_as_unavailable() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord);
    for custom_id in [
        "role:abc",                  // field does not parse
        "role:",                     // empty field
        "role:0",                    // not a valid id (ids are non-zero)
        "role:99999999999999999999", // overflows u64
        "role:42:extra",             // the whole id must match
        "page:1:of:",                // second field empty
        "page:x:of:1",               // first field does not parse
        "page:1:off:1",              // literal differs
    ] {
        let interaction = click(custom_id, 903);
        let token = token_of(&interaction);
        let outcome = router.dispatch(interaction).await;
        assert!(
            matches!(&outcome, DispatchOutcome::Unavailable { reason, .. } if reason.contains(custom_id)),
            "{custom_id}: {outcome:?}"
        );
        let sent = discord.requests_for(&token);
        assert_eq!(sent.len(), 1, "{custom_id}: {sent:?}");
        assert!(sent[0].is_ephemeral(), "{custom_id}");
        assert_eq!(
            sent[0].content(),
            Some(twilight_views::router::DEFAULT_UNAVAILABLE_MESSAGE),
            "{custom_id}"
        );
    }
    let interaction = click("rolex:1", 903);
    let token = token_of(&interaction);
    let outcome = router.dispatch(interaction).await;
    assert!(
        matches!(&outcome, DispatchOutcome::UnknownCustomId { custom_id, .. } if custom_id == "rolex:1"),
        "{outcome:?}"
    );
    assert!(discord.requests_for(&token).is_empty());
}

#[tokio::test]
async fn string_fields_and_select_values_together() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord);
    let mut json = interaction_json(
        serde_json::json!({"custom_id": "notes:bugs", "component_type": 3, "values": ["a"]}),
        Some(904),
        USER_ID,
    );
    json["data"]["custom_id"] = "notes:bugs".into();
    let interaction = parse(json);
    let token = token_of(&interaction);
    assert!(router.dispatch(interaction).await.is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("bugs: a"));
}

#[tokio::test]
async fn overlapping_template_prefixes_of_two_views_fail_registration() {
    let discord = FakeDiscord::start().await;
    let error = discord
        .router()
        .view::<RoleMenu>()
        .view::<Overlapping>()
        .build()
        .unwrap_err();
    match error.kind() {
        RouterErrorKind::CustomIdCollision {
            custom_id,
            first,
            second,
        } => {
            assert_eq!(*custom_id, "role:x:{id}");
            assert_eq!((first.view, first.item), ("RoleMenu", "toggle"));
            assert_eq!((second.view, second.item), ("Overlapping", "x"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_view_bound_to_the_message_serves_its_dynamic_items_first() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord);
    router
        .bind_in_memory(
            Id::new(905),
            RoleMenu {
                role_id: Id::new(5),
                page: 1,
            },
        )
        .unwrap();
    assert!(router.dispatch(click("role:5", 905)).await.is_handled());
}

#[tokio::test]
async fn an_over_long_rendered_id_is_refused_before_sending() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord);
    let interaction = click("grow-notes", 906);
    let token = token_of(&interaction);
    let outcome = router.dispatch(interaction).await;
    let DispatchOutcome::Failed { error, .. } = &outcome else {
        panic!("{outcome:?}");
    };
    assert!(
        format!("{error:?}").contains("TooLong { custom_id: \"notes:xxx"),
        "{error:?}"
    );
    // Only the apology went out: no message update with the bad id.
    let sent = discord.requests_for(&token);
    assert!(
        sent.iter()
            .all(|request| request.callback_type() != Some(7)),
        "{sent:?}"
    );
}

#[test]
fn render_disabled_disables_every_item() {
    let components = menu().render_disabled(&twilight_views::render::CustomIds::Declared);
    let mut count = 0;
    for row in &components {
        let Component::ActionRow(row) = row else {
            panic!("{row:?}");
        };
        for component in &row.components {
            let Component::Button(button) = component else {
                panic!("{component:?}");
            };
            assert!(button.disabled);
            count += 1;
        }
    }
    assert_eq!(count, 3);
}

#[tokio::test]
async fn a_stored_view_restored_after_a_restart_handles_its_dynamic_items() {
    let discord = FakeDiscord::start().await;
    let store: std::sync::Arc<dyn twilight_views::ViewStore> =
        std::sync::Arc::new(twilight_views::MemoryStore::new());
    let first = discord
        .router()
        .store(store.clone())
        .stored_view::<Poll>()
        .build()
        .unwrap();
    let poll = Poll {
        question: "Lunch?".to_owned(),
        choice: 0,
        votes: 0,
    };
    let ids = custom_ids(&poll.components());
    assert_eq!(ids, ["poll:vote:0"]);
    first.bind(Id::new(907), poll).await.unwrap();
    let interaction = click("poll:vote:3", 907);
    let token = token_of(&interaction);
    assert!(first.dispatch(interaction).await.is_handled());
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("Lunch?: vote 1 for 3")
    );
    drop(first);

    // A new router on the same store: the bound state is restored, the
    // clicked field comes from the id.
    let second = discord
        .router()
        .store(store)
        .stored_view::<Poll>()
        .build()
        .unwrap();
    let interaction = click("poll:vote:2", 907);
    let token = token_of(&interaction);
    let outcome = second.dispatch(interaction).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("Lunch?: vote 2 for 2")
    );
}
