//! Context-menu commands open views as slash commands do: the sandbox
//! delivers the command as Discord would (the payload the router gets is
//! the sandbox's own), and the view goes out as its answer.

use twilight_model::{
    application::{command::CommandType, interaction::InteractionData},
    id::Id,
};
use twilight_views::{Unbound, prelude::*};
use views_testkit::discord::{FakeDiscord, application_id};

use crate::common::{Hello, Tally, answer, click_on, memory_store, router};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_and_message_commands_answer_with_views() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let sandbox = discord.sandbox();
    let http = discord.client();
    let commands = http.interaction(application_id());
    commands
        .create_global_command()
        .message("Count this")
        .await
        .unwrap();
    commands
        .create_global_command()
        .user("Say hello")
        .await
        .unwrap();

    let fixtures = sandbox.fixtures();
    let (alice, bob) = (fixtures.users[0].id, fixtures.users[1].id);
    let channel = fixtures.channel_id;
    let target = sandbox.post_user_message(channel, bob, "count me").unwrap();

    // A message command: its target is resolved, the view answers it.
    let id = sandbox
        .run_message_command(alice, target.id, "Count this")
        .unwrap();
    let command = sandbox.interaction(id).expect("the delivered payload");
    let Some(InteractionData::ApplicationCommand(data)) = &command.data else {
        panic!("an application command: {command:?}");
    };
    assert_eq!(data.kind, CommandType::Message);
    assert_eq!(data.target_id.map(Id::cast), Some(target.id));
    let message_id = router
        .respond_with_view(&command, "Counting it:", Tally { count: 9 })
        .await
        .unwrap();
    let click = click_on(&discord, message_id, "slash:tally");
    assert!(router.dispatch(click.clone()).await.is_handled());
    assert_eq!(answer(&discord, &click), "count=10");

    // A user command, answered ephemerally with an unbound view.
    let id = sandbox
        .run_user_command(alice, channel, "Say hello", bob)
        .unwrap();
    let command = sandbox.interaction(id).expect("the delivered payload");
    let message_id = router
        .respond_with_view(
            &command,
            Reply::new().content("Hello?").ephemeral(true),
            Unbound(Hello),
        )
        .await
        .unwrap();
    let sent = sandbox.message(message_id).unwrap();
    assert!(
        sent.message
            .flags
            .is_some_and(|flags| flags.bits() & 64 != 0)
    );
    let click = click_on(&discord, message_id, "slash:hello");
    assert!(router.dispatch(click.clone()).await.is_handled());
    assert_eq!(answer(&discord, &click), "hello");
}
