//! `examples/persistent.rs` against the sandbox: miru's unbound persistent
//! view (on a mention) and the bound menu (`!menu`), both working after a
//! restart.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/persistent.rs"]
mod persistent;
mod support;

use persistent::{
    MENU_TEXT, PersistentBot, VIEW_TEXT,
    support::{RunningBot, Settings, spawn},
};
use support::{
    TempDb, WAIT, answer, bot_messages_with, buttons, click, post_and_wait, user, wait_bound,
};
use views_sandbox::Sandbox;

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<PersistentBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

fn pressed(button: u8, times: u64) -> String {
    format!("You pressed button {button} of this menu (pressed {times} times so far).")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unbound_view_and_bound_menu_survive_a_restart() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("persistent");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot_id = sandbox.application_id();
    let bot = start(&sandbox, &db).await;

    // Not mentioned: no answer (checked at the end).
    sandbox
        .post_user_message(support::channel(&sandbox), alice, "hello everyone")
        .expect("posted");
    let view = post_and_wait(&sandbox, alice, &format!("<@{bot_id}> hi"), VIEW_TEXT).await;
    assert_eq!(
        buttons(&view),
        [
            ("my_unique_custom_id_1".to_owned(), "Button 1".to_owned()),
            ("my_unique_custom_id_2".to_owned(), "Button 2".to_owned()),
        ]
    );
    let reply = click(&sandbox, view.id, "my_unique_custom_id_1", alice).await;
    assert_eq!(answer(&reply), ("You pressed button 1.", false));
    let reply = click(&sandbox, view.id, "my_unique_custom_id_2", bob).await;
    assert_eq!(answer(&reply), ("You pressed button 2.", false));

    let menu = post_and_wait(&sandbox, bob, "!menu", MENU_TEXT).await;
    wait_bound(&bot.bot.router, menu.id).await;
    assert_eq!(
        buttons(&menu),
        [
            ("persistent_menu:button_1".to_owned(), "Button 1".to_owned()),
            ("persistent_menu:button_2".to_owned(), "Button 2".to_owned()),
        ]
    );
    let reply = click(&sandbox, menu.id, "persistent_menu:button_1", alice).await;
    assert_eq!(answer(&reply), (pressed(1, 1).as_str(), false));

    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox, &db).await;

    // The unbound view answers the message sent before the restart...
    let reply = click(&sandbox, view.id, "my_unique_custom_id_2", alice).await;
    assert_eq!(answer(&reply), ("You pressed button 2.", false));
    // ...and the bound menu is restored with its state.
    let reply = click(&sandbox, menu.id, "persistent_menu:button_2", bob).await;
    assert_eq!(answer(&reply), (pressed(2, 2).as_str(), false));

    assert_eq!(bot_messages_with(&sandbox, VIEW_TEXT), 1);
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
