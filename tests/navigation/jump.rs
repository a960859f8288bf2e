//! The indicator opens "Jump to page"; its submission comes back to the
//! navigator of the message, which jumps or says why it cannot; only its
//! owner may jump when it has one.

use views_testkit::discord::{FakeDiscord, USER_ID};

use crate::common::{BOB, answer, click, jump, memory_store, open, router, row, shown};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_indicator_opens_the_jump_modal() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let message = open(&router, 170, |nav| nav).await;
    let interaction = click(&discord, message, "tvn:page", USER_ID);
    assert!(router.dispatch(interaction.clone()).await.is_handled());
    let requests = discord.requests_for(&interaction.token);
    let callback = &requests[0].body;
    assert_eq!(callback["type"], 9, "a modal: {callback}");
    assert_eq!(callback["data"]["custom_id"], "tvn:jump");
    assert_eq!(callback["data"]["title"], "Jump to page");
    let input = &callback["data"]["components"][0]["component"];
    assert_eq!(input["custom_id"], "page");
    assert_eq!(input["placeholder"], "1 to 17");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jumps_to_the_first_and_last_page_and_refuses_the_rest() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let message = open(&router, 170, |nav| nav).await;

    let submission = jump(&discord, message, "17", USER_ID);
    assert!(router.dispatch(submission).await.is_handled());
    assert_eq!(
        shown(&discord, message),
        ("161..=170".to_owned(), row(17, 17))
    );
    let submission = jump(&discord, message, " 1 ", USER_ID);
    assert!(router.dispatch(submission).await.is_handled());
    assert_eq!(shown(&discord, message), ("1..=10".to_owned(), row(1, 17)));

    for (typed, said) in [
        ("18", "There is no page 18: the pages go from 1 to 17."),
        ("0", "There is no page 0: the pages go from 1 to 17."),
        (
            "seven",
            "\"seven\" is not a page number: type a number from 1 to 17.",
        ),
    ] {
        let submission = jump(&discord, message, typed, USER_ID);
        assert!(
            router.dispatch(submission.clone()).await.is_handled(),
            "{typed}"
        );
        assert_eq!(answer(&discord, &submission).as_deref(), Some(said));
        let requests = discord.requests_for(&submission.token);
        assert_eq!(requests[0].body["data"]["flags"], 64, "ephemeral");
        assert_eq!(shown(&discord, message).0, "1..=10", "still on page 1");
    }
}

/// The owner lock holds for the modal too: another user can neither open
/// "Jump to page" nor submit one (a form built by hand).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_jumps() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let owner = Some(twilight_model::id::Id::new(USER_ID));
    let message = open(&router, 170, |nav| nav.owner(owner)).await;

    let interaction = click(&discord, message, "tvn:page", BOB);
    assert!(!router.dispatch(interaction.clone()).await.is_handled());
    let requests = discord.requests_for(&interaction.token);
    assert_ne!(requests[0].body["type"], 9, "no modal for bob");
    let submission = jump(&discord, message, "9", BOB);
    assert!(!router.dispatch(submission.clone()).await.is_handled());
    assert!(answer(&discord, &submission).is_some(), "bob is told");
    assert_eq!(shown(&discord, message), ("1..=10".to_owned(), row(1, 17)));

    let submission = jump(&discord, message, "9", USER_ID);
    assert!(router.dispatch(submission).await.is_handled());
    assert_eq!(shown(&discord, message), ("81..=90".to_owned(), row(9, 17)));
}
