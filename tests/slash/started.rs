//! A started (non-persistent) view sent in a reply: bound to the message,
//! and re-rendered there through the interaction's webhook when it ends,
//! which also works on an ephemeral message.

use twilight_views::prelude::*;
use views_testkit::discord::{FakeDiscord, custom_ids_of};

use crate::common::{answer, click_on, command, memory_store};

#[view(timeout = 60)]
#[derive(Default)]
struct Poll {
    votes: u64,
    closed: bool,
}

#[view]
impl Poll {
    #[button(label = "Vote", disabled = self.closed)]
    async fn vote(&mut self, ctx: ViewContext) -> ViewResult {
        self.votes += 1;
        ctx.respond_ephemeral(format!("votes={}", self.votes)).await
    }

    async fn on_timeout(&mut self) {
        self.closed = true;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_started_view_is_bound_and_re_rendered_through_the_webhook_when_it_ends() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .view::<Poll>()
        .store(memory_store())
        .build()
        .unwrap();
    let handle = router.start(Poll::default());
    let interaction = command("poll");
    let ctx = router.context(interaction.clone());
    let message_id = ctx
        .respond_with_view(Reply::new().content("Vote!").ephemeral(true), &handle)
        .await
        .unwrap()
        .unwrap();
    assert!(router.is_bound(message_id));

    let ids = custom_ids_of(&handle.components().await);
    let click = click_on(&discord, message_id, &ids[0]);
    assert!(router.dispatch(click.clone()).await.is_handled());
    assert_eq!(answer(&discord, &click), "votes=1");

    handle.stop().await;
    // The end edit goes to the message through the command's token.
    let edits: Vec<_> = discord
        .requests_for(&interaction.token)
        .into_iter()
        .filter(|request| request.path.ends_with(&format!("/messages/{message_id}")))
        .collect();
    assert_eq!(edits.len(), 1, "one end edit through the webhook");
    let message = discord.sandbox().message(message_id).unwrap().message;
    let disabled = serde_json::to_value(&message.components)
        .unwrap()
        .to_string();
    assert!(disabled.contains("\"disabled\":true"), "{disabled}");
    assert!(!router.is_bound(message_id), "an ended view is unbound");
}
