//! A layout that breaks Discord's rules only at run time (a text from the
//! view's state) is refused before sending: the handler gets the error,
//! the user the apology, Discord nothing it would reject.

use twilight_views::{DispatchOutcome, prelude::*};
use views_testkit::discord::FakeDiscord;

use crate::common::{Panel, click_on, command, memory_store, message, router, texts};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_from_state_over_the_limit_gets_the_apology_and_sends_nothing() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let message_id = router
        .respond_with_view(command("settings"), Reply::new(), Panel::default())
        .await
        .unwrap();

    let click = click_on(&discord, message_id, "panel:grow");
    let outcome = router.dispatch(click.clone()).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Failed {
                view: "Panel",
                item: "grow",
                ..
            }
        ),
        "{outcome:?}"
    );
    let requests = discord.requests_for(&click.token);
    assert_eq!(requests.len(), 1, "{requests:?}");
    // The apology, ephemeral, as the first answer: no update (type 7).
    assert_eq!(requests[0].callback_type(), Some(4));
    assert!(requests[0].is_ephemeral());
    assert!(requests[0].content().is_some_and(|text| !text.is_empty()));
    // The message is as it was.
    let (components, _) = message(&discord, message_id);
    assert_eq!(texts(&components), ["# Settings", "Count: 0"]);
    // No request the sandbox refused: nothing invalid reached "Discord".
    assert!(
        discord
            .requests()
            .iter()
            .all(|request| request.status < 400),
        "{:?}",
        discord.requests()
    );
}
