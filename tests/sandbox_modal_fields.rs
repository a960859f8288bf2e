//! A `#[modal]` form with every field kind, end to end against the
//! sandbox: a view's button opens it, the sandbox's `ModalSubmission`
//! submits a select, a user select, a checkbox and a checkbox group, and
//! the router hands the typed form to its handler; a field left at what the
//! modal shows arrives as the modal's default, and a form the Discord
//! client would refuse never reaches the bot.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/support/mod.rs"]
mod runner;
mod support;

use runner::{Bot, BoxError, Example, RunningBot, Settings, Try, spawn};
use support::{TempDb, WAIT, click, post_and_wait, user};
use twilight_model::channel::message::Message;
use twilight_model::id::{Id, marker::UserMarker};
use twilight_views::{RouterError, ViewRouter, ViewRouterBuilder, prelude::*};
use views_sandbox::{ModalSubmission, ReplyKind, Sandbox, SandboxErrorKind};

/// The form: text, a string select, a user select, a checkbox and a
/// checkbox group.
#[modal(title = "Order", custom_id = "order")]
#[derive(Debug)]
struct Order {
    #[text_input(label = "Name", max_length = 20)]
    name: String,
    #[select(
        label = "Size",
        options = [option(label = "Small", value = "s"), option(label = "Large", value = "l")]
    )]
    size: String,
    #[select(kind = "user", label = "Deliver to", required = false)]
    to: Option<Id<UserMarker>>,
    #[checkbox(label = "Gift wrap", default = true)]
    gift: bool,
    #[checkbox_group(
        label = "Extras",
        options = [
            option(label = "Cheese", value = "cheese"),
            option(label = "Olives", value = "olives"),
            option(label = "Basil", value = "basil"),
        ],
        max_values = 2,
        required = false
    )]
    extras: Vec<String>,
}

#[view(persistent)]
struct Shop;

#[view]
impl Shop {
    #[button(custom_id = "order", label = "Order")]
    async fn order(&self, ctx: ViewContext) -> ViewResult {
        // No prefill: the modal shows the declared defaults.
        ctx.open_empty_modal::<Order>().await
    }
}

async fn ordered(ctx: ViewContext, order: Order) -> ViewResult {
    let to = order.to.map_or_else(|| "-".to_owned(), |id| id.to_string());
    ctx.respond(format!(
        "{} size={} to={to} gift={} extras={}",
        order.name,
        order.size,
        order.gift,
        order.extras.join("+")
    ))
    .await
}

struct ShopBot;

impl Example for ShopBot {
    const NAME: &'static str = "shop";
    const TRY: &'static [Try] = &[];

    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder {
        builder.view::<Shop>().modal(ordered)
    }

    fn add_views(router: &ViewRouter) -> Result<(), RouterError> {
        router.add_view(Shop)
    }

    async fn on_message(bot: Bot, message: Message) -> Result<(), BoxError> {
        if message.content == "!shop" {
            bot.http
                .create_message(message.channel_id)
                .content("shop")
                .components(&Shop.components())
                .await?;
        }
        Ok(())
    }
}

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<ShopBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_modal_form_with_selects_and_checkboxes_reaches_its_handler() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("sandbox-modal-fields");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;
    let shop = post_and_wait(&sandbox, alice, "!shop", "shop").await;

    // Every field set.
    let opened = click(&sandbox, shop.id, "order", alice).await;
    assert_eq!(opened.kind, ReplyKind::Callback { response_type: 9 });
    let opened = opened.interaction_id.unwrap();
    let submission = ModalSubmission::new()
        .text("name", "Ada")
        .select("size", ["l"])
        .select("to", [bob.to_string()])
        .checkbox("gift", false)
        .checkbox_group("extras", ["cheese", "basil"]);
    let submitted = sandbox
        .submit_modal_with(opened, &submission, alice)
        .unwrap();
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert_eq!(reply.kind, ReplyKind::Callback { response_type: 4 });
    assert_eq!(
        reply.message.unwrap().content,
        format!("Ada size=l to={bob} gift=false extras=cheese+basil")
    );

    // Only what is required; the rest keeps what the modal shows (the
    // checkbox is declared ticked, nothing chosen elsewhere).
    let opened = click(&sandbox, shop.id, "order", bob).await;
    let opened = opened.interaction_id.unwrap();
    let submitted = sandbox
        .submit_modal_with(
            opened,
            &ModalSubmission::new()
                .text("name", "Bo")
                .select("size", ["s"]),
            bob,
        )
        .unwrap();
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert_eq!(
        reply.message.unwrap().content,
        "Bo size=s to=- gift=true extras="
    );

    // What the client would refuse: the required select left out, too many
    // extras, text for the checkbox.
    let opened = click(&sandbox, shop.id, "order", alice).await;
    let opened = opened.interaction_id.unwrap();
    let refused = [
        ModalSubmission::new().text("name", "Cy"),
        ModalSubmission::new()
            .text("name", "Cy")
            .select("size", ["s"])
            .checkbox_group("extras", ["cheese", "olives", "basil"]),
        ModalSubmission::new()
            .text("name", "Cy")
            .select("size", ["s"])
            .text("gift", "yes"),
    ];
    let kinds: Vec<String> = refused
        .iter()
        .map(|s| {
            let error = sandbox.submit_modal_with(opened, s, alice).unwrap_err();
            match error.kind() {
                SandboxErrorKind::MissingField { custom_id } => format!("missing {custom_id}"),
                SandboxErrorKind::InvalidValues { custom_id, .. } => format!("invalid {custom_id}"),
                SandboxErrorKind::WrongComponent { custom_id } => format!("wrong {custom_id}"),
                other => format!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(kinds, ["missing size", "invalid extras", "wrong gift"]);
    // The modal stays open: a corrected form goes through.
    let submitted = sandbox
        .submit_modal_with(
            opened,
            &ModalSubmission::new()
                .text("name", "Cy")
                .select("size", ["s"]),
            alice,
        )
        .unwrap();
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert!(reply.message.unwrap().content.starts_with("Cy size=s"));

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
