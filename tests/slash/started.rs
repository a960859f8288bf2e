//! A started (non-persistent) view sent in a reply: bound to the message,
//! and re-rendered there through the interaction's webhook when it ends,
//! which also works on an ephemeral message.

use twilight_views::{Started, Unbound, prelude::*};
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

/// Opens a poll of its own for whoever clicks: a view sent in answer to a
/// click, started for the new (ephemeral) message.
#[view(persistent)]
struct Opener;

#[view]
impl Opener {
    #[button(custom_id = "slash:open", label = "Open")]
    async fn open(&self, ctx: ViewContext) -> ViewResult {
        let reply = Reply::new().content("Your poll").ephemeral(true);
        ctx.respond_with_view(reply, Started(Poll::default()))
            .await?;
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_answers_with_a_view_started_for_its_ephemeral_reply() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .view::<Opener>()
        .view::<Poll>()
        .store(memory_store())
        .build()
        .unwrap();
    router.add_view(Opener).unwrap();
    let opened = router
        .respond_with_view(&command("open"), "Open one:", Unbound(Opener))
        .await
        .unwrap();

    let click = click_on(&discord, opened, "slash:open");
    assert!(router.dispatch(click.clone()).await.is_handled());
    let reply = discord
        .sandbox()
        .replies_for(click.id)
        .into_iter()
        .find_map(|reply| reply.message)
        .expect("the click's reply created a message");
    assert_eq!(reply.content, "Your poll");
    assert!(
        reply.flags.is_some_and(|flags| flags.bits() & 64 != 0),
        "ephemeral"
    );
    assert!(router.is_bound(reply.id), "the started view is bound to it");

    let ids = custom_ids_of(&reply.components);
    let vote = click_on(&discord, reply.id, &ids[0]);
    assert!(router.dispatch(vote.clone()).await.is_handled());
    assert_eq!(answer(&discord, &vote), "votes=1");
}
