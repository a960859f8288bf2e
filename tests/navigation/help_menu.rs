//! `examples/help_menu.rs` against the sandbox: three screens deep, a
//! restart at the deepest, back, home, close; and a user who does not own
//! the menu.

#[allow(dead_code)]
#[path = "../../examples/help_menu.rs"]
pub mod example;

use example::{
    HelpMenuBot,
    support::{RunningBot, Settings, spawn},
};
use twilight_model::{
    channel::message::{Component, Message},
    id::{Id, marker::MessageMarker},
};
use views_sandbox::{ReplyKind, Sandbox};

use crate::support::{self, TempDb, WAIT, click, user};

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<HelpMenuBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

async fn stop(sandbox: &Sandbox, bot: RunningBot) {
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
}

/// The message's text and `(custom_id, label)` of each button.
fn screen(message: &Message) -> (String, Vec<(String, String)>) {
    let mut buttons = Vec::new();
    for row in &message.components {
        let Component::ActionRow(row) = row else {
            panic!("a row")
        };
        for component in &row.components {
            let Component::Button(button) = component else {
                panic!("a button")
            };
            buttons.push((
                button.custom_id.clone().unwrap_or_default(),
                button.label.clone().unwrap_or_default(),
            ));
        }
    }
    (message.content.clone(), buttons)
}

fn showing(sandbox: &Sandbox, id: Id<MessageMarker>) -> (String, Vec<(String, String)>) {
    screen(&sandbox.message(id).expect("the menu").message)
}

fn buttons(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(id, label)| ((*id).to_owned(), (*label).to_owned()))
        .collect()
}

/// Alice clicks `custom_id` on the menu; it edits its message.
async fn press(sandbox: &Sandbox, id: Id<MessageMarker>, custom_id: &str) {
    let reply = click(sandbox, id, custom_id, user(sandbox, 0)).await;
    assert_eq!(
        reply.kind,
        ReplyKind::Callback { response_type: 7 },
        "{custom_id}: {reply:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_screens_deep_across_a_restart() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("help-menu");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;

    let reply = support::run_command(&sandbox, alice, "help").await;
    let menu = reply.message.expect("the menu").id;
    let home = (
        "**Help**\nPick a topic.".to_owned(),
        buttons(&[("tvu:0", "Commands"), ("tvu:1", "About")]),
    );
    assert_eq!(showing(&sandbox, menu), home);

    press(&sandbox, menu, "tvu:0").await;
    let commands = (
        "**Commands**\nPick a command to read about it.".to_owned(),
        buttons(&[
            ("tvu:0", "/help"),
            ("tvu:1", "/counter"),
            ("tvu:2", "/numbers"),
            ("tvu:back", "Back"),
        ]),
    );
    assert_eq!(showing(&sandbox, menu), commands);
    press(&sandbox, menu, "tvu:2").await;
    let numbers = (
        "**/numbers**\nPages through the numbers, ten per page.".to_owned(),
        buttons(&[("tvu:0", "Home"), ("tvu:back", "Back")]),
    );
    assert_eq!(showing(&sandbox, menu), numbers);

    // Bob did not open the menu: he is told, and nothing moves.
    let reply = click(&sandbox, menu, "tvu:back", bob).await;
    assert!(reply.ephemeral, "bob gets the rejection notice: {reply:?}");
    assert_eq!(showing(&sandbox, menu), numbers);

    // A restart three screens deep: back goes to the commands.
    stop(&sandbox, bot).await;
    let bot = start(&sandbox, &db).await;
    press(&sandbox, menu, "tvu:back").await;
    assert_eq!(showing(&sandbox, menu), commands);
    press(&sandbox, menu, "tvu:1").await;
    press(&sandbox, menu, "tvu:0").await;
    assert_eq!(
        showing(&sandbox, menu),
        home,
        "home pops to the first screen"
    );

    // About, then Close: the buttons go.
    press(&sandbox, menu, "tvu:1").await;
    assert_eq!(showing(&sandbox, menu).1[0].1, "Close");
    press(&sandbox, menu, "tvu:0").await;
    assert!(showing(&sandbox, menu).1.is_empty());

    stop(&sandbox, bot).await;
    sandbox.shutdown().await;
}
