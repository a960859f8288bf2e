//! `examples/dropdown.rs`: the colour select with its options, the public
//! answer to each choice, and a forged choice without a value.

#[allow(dead_code)]
#[path = "../../examples/dropdown.rs"]
pub mod example;

use example::{
    DropdownBot, PROMPT,
    support::{RunningBot, Settings, spawn},
};
use serde_json::json;
use twilight_model::{
    application::interaction::Interaction,
    channel::message::{EmojiReactionType, Message},
};
use twilight_views::context::DEFAULT_ERROR_MESSAGE;
use views_sandbox::Sandbox;

use crate::{ephemeral, select_of, support};
use support::{WAIT, answer, post_and_wait, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<DropdownBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// The select as the original builds it, unchanged by choices.
fn assert_select(message: &Message) {
    let select = select_of(message);
    assert_eq!(
        select.placeholder.as_deref(),
        Some("Choose your favourite colour...")
    );
    assert_eq!((select.min_values, select.max_values), (Some(1), Some(1)));
    assert!(!select.disabled);
    assert!(select.custom_id.starts_with("tvi:"), "{}", select.custom_id);
    let options: Vec<_> = select
        .options
        .as_deref()
        .expect("options")
        .iter()
        .map(|option| {
            let Some(EmojiReactionType::Unicode { name }) = &option.emoji else {
                panic!("a unicode emoji: {option:?}");
            };
            (
                option.label.as_str(),
                option.value.as_str(),
                option.description.as_deref().expect("a description"),
                name.as_str(),
                option.default,
            )
        })
        .collect();
    assert_eq!(
        options,
        [
            ("Red", "Red", "Your favourite colour is red", "🟥", false),
            (
                "Green",
                "Green",
                "Your favourite colour is green",
                "🟩",
                false
            ),
            ("Blue", "Blue", "Your favourite colour is blue", "🟦", false),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_choice_is_answered_in_public() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox).await;

    let menu = post_and_wait(&sandbox, alice, "$colour", PROMPT).await;
    assert_select(&menu);
    let custom_id = select_of(&menu).custom_id.clone();

    for (who, colour) in [(alice, "Red"), (bob, "Blue"), (alice, "Green")] {
        let interaction = sandbox
            .select(menu.id, &custom_id, &[colour], who)
            .expect("choice accepted");
        let reply = sandbox.wait_reply(interaction, WAIT).await.expect("answer");
        assert_eq!(
            answer(&reply),
            (format!("Your favourite colour is {colour}").as_str(), false)
        );
        assert_select(&crate::current(&sandbox, menu.id));
    }
    // The Discord client only offers the options (the sandbox refuses
    // others as it does).
    assert!(
        sandbox
            .select(menu.id, &custom_id, &["Purple"], alice)
            .is_err()
    );

    // A forged choice without a value (a client the min_values does not
    // hold back) fails the handler: the router's apology, not silence.
    let forged = forged_choice(&sandbox, &menu, &custom_id, alice.get());
    sandbox.adopt_interaction(&forged).expect("adopted");
    let id = forged.id;
    let outcome = bot.bot.router.dispatch(forged).await;
    assert!(!outcome.is_handled(), "{outcome:?}");
    let reply = sandbox.wait_reply(id, WAIT).await.expect("an answer");
    assert_eq!(ephemeral(&reply), DEFAULT_ERROR_MESSAGE);

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

/// A string-select interaction on `menu` with no values, by `user`.
fn forged_choice(sandbox: &Sandbox, menu: &Message, custom_id: &str, user: u64) -> Interaction {
    let data = json!({"custom_id": custom_id, "component_type": 3, "values": []});
    let mut interaction = views_testkit::discord::interaction_json(data, Some(menu.id.get()), user);
    interaction["application_id"] = json!(sandbox.application_id().to_string());
    interaction["guild_id"] = json!(menu.guild_id.map(|id| id.to_string()));
    interaction["channel_id"] = json!(menu.channel_id.to_string());
    serde_json::from_value(interaction).expect("an interaction")
}
