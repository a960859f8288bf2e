//! Dynamic items end to end against the sandbox: a templated select on an
//! unbound view and a templated button on a stored bound view, both still
//! working after the bot restarts (a new router on the same sandbox and
//! store).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/support/mod.rs"]
mod runner;
mod support;

use runner::{Bot, BoxError, Example, RunningBot, Settings, Try, spawn};
use support::{TempDb, WAIT, post_and_wait, user, wait_bound};
use twilight_model::channel::message::{Component, Message};
use twilight_views::{RouterError, ViewRouter, ViewRouterBuilder, prelude::*};
use views_sandbox::{ReplyKind, Sandbox};

/// Picks a size for one product: the product travels in the select's id.
#[view(persistent)]
#[derive(Default)]
struct SizePicker {
    product: u32,
}

#[view]
impl SizePicker {
    #[select(
        custom_id = "size:{product}",
        options = [option(label = "S", value = "s"), option(label = "M", value = "m")]
    )]
    async fn pick(&self, ctx: ViewContext, product: u32, sizes: Vec<String>) -> ViewResult {
        ctx.respond_ephemeral(format!("product {product}: size {}", sizes.join(",")))
            .await
    }
}

/// A bound tally whose buttons say which option they count.
#[view(persistent)]
#[derive(Serialize, Deserialize)]
struct Tally {
    votes: u32,
    option: u8,
}

#[view]
impl Tally {
    #[button(custom_id = "tally:{option}", label = "Vote")]
    async fn vote(&mut self, ctx: ViewContext, option: u8) -> ViewResult {
        self.votes += 1;
        ctx.respond_ephemeral(format!("option {option}: vote {}", self.votes))
            .await
    }
}

struct DynamicBot;

impl Example for DynamicBot {
    const NAME: &'static str = "dynamic";
    const TRY: &'static [Try] = &[];

    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder {
        builder.view::<SizePicker>().stored_view::<Tally>()
    }

    fn add_views(router: &ViewRouter) -> Result<(), RouterError> {
        router.add_view(SizePicker::default())
    }

    async fn on_message(bot: Bot, message: Message) -> Result<(), BoxError> {
        match message.content.as_str() {
            "!sizes" => {
                bot.http
                    .create_message(message.channel_id)
                    .content("sizes")
                    .components(&SizePicker { product: 7 }.components())
                    .await?;
            }
            "!tally" => {
                let tally = Tally {
                    votes: 0,
                    option: 2,
                };
                let sent = bot
                    .http
                    .create_message(message.channel_id)
                    .content("tally")
                    .components(&tally.components())
                    .await?
                    .model()
                    .await?;
                bot.router.bind(sent.id, tally).await?;
            }
            _ => {}
        }
        Ok(())
    }
}

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<DynamicBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

async fn stop(sandbox: &Sandbox, bot: RunningBot) {
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
}

fn first_custom_id(message: &Message) -> String {
    match &message.components[0] {
        Component::ActionRow(row) => match &row.components[0] {
            Component::Button(button) => button.custom_id.clone().unwrap_or_default(),
            Component::SelectMenu(select) => select.custom_id.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

async fn answer(
    sandbox: &Sandbox,
    interaction: twilight_model::id::Id<twilight_model::id::marker::InteractionMarker>,
) -> String {
    let reply = sandbox.wait_reply(interaction, WAIT).await.expect("answer");
    assert_eq!(reply.kind, ReplyKind::Callback { response_type: 4 });
    assert!(reply.ephemeral);
    reply.message.expect("message").content
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templated_select_and_stored_button_survive_a_restart() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("dynamic");
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox, &db).await;

    let sizes = post_and_wait(&sandbox, alice, "!sizes", "sizes").await;
    assert_eq!(first_custom_id(&sizes), "size:7");
    let chosen = sandbox.select(sizes.id, "size:7", &["m"], alice).unwrap();
    assert_eq!(answer(&sandbox, chosen).await, "product 7: size m");

    let tally = post_and_wait(&sandbox, alice, "!tally", "tally").await;
    assert_eq!(first_custom_id(&tally), "tally:2");
    wait_bound(&bot.bot.router, tally.id).await;
    let voted = sandbox.click(tally.id, "tally:2", alice).unwrap();
    assert_eq!(answer(&sandbox, voted).await, "option 2: vote 1");

    stop(&sandbox, bot).await;
    let bot = start(&sandbox, &db).await;

    // The select's state was only ever in its id; the tally's count comes
    // back from the store, its option from the id.
    let chosen = sandbox.select(sizes.id, "size:7", &["s"], alice).unwrap();
    assert_eq!(answer(&sandbox, chosen).await, "product 7: size s");
    let voted = sandbox.click(tally.id, "tally:2", alice).unwrap();
    assert_eq!(answer(&sandbox, voted).await, "option 2: vote 2");
    stop(&sandbox, bot).await;
}
