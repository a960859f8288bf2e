//! Checks, errors and timeouts behave as for action-row views.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use twilight_model::channel::message::MessageFlags;
use twilight_views::{DispatchOutcome, InMemory, prelude::*};
use views_testkit::discord::{BLOCKED_USER_ID, FakeDiscord, USER_ID};

use crate::common::{
    Guarded, Timed, assert_nothing_refused, click_by, command, memory_store, message, router, texts,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interaction_check_and_on_error_run_for_a_layout() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let errors = Arc::new(AtomicUsize::new(0));
    let view = Guarded {
        owner: USER_ID,
        errors: errors.clone(),
    };
    let message_id = router
        .respond_with_view(command("guarded"), Reply::new(), InMemory(view))
        .await
        .unwrap();

    let stranger = click_by(&discord, message_id, "guarded:boom", BLOCKED_USER_ID);
    assert!(matches!(
        router.dispatch(stranger).await,
        DispatchOutcome::Rejected {
            view: "Guarded",
            item: "boom"
        }
    ));
    let owner = click_by(&discord, message_id, "guarded:boom", USER_ID);
    assert!(matches!(
        router.dispatch(owner.clone()).await,
        DispatchOutcome::Failed {
            view: "Guarded",
            item: "boom",
            ..
        }
    ));
    assert_eq!(errors.load(Ordering::SeqCst), 1);
    assert!(
        discord.requests_for(&owner.token)[0]
            .content()
            .is_some_and(|text| text.starts_with("guarded: "))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_started_layout_re_renders_its_message_with_the_flag_when_it_ends() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let (_, channel) = discord.sandbox().add_guild("Layouts");
    let handle = router.start(Timed { done: false });
    let sent = discord
        .client()
        .create_message(channel)
        .view(&handle.message().await.unwrap())
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    handle.edit_on_end(sent.channel_id, sent.id);

    handle.stop().await;
    let (components, flags) = message(&discord, sent.id);
    assert!(flags.contains(MessageFlags::IS_COMPONENTS_V2));
    assert_eq!(texts(&components), ["Timed out."]);
    let edit = discord
        .requests()
        .into_iter()
        .rfind(|request| request.method == "PATCH")
        .expect("the end edit");
    assert_eq!(edit.flags(), Some(crate::common::V2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_started_layout_sent_in_a_reply_is_re_rendered_when_it_ends() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let handle = router.start(Timed { done: false });
    let message_id = router
        .respond_with_view(command("timed"), Reply::new(), &handle)
        .await
        .unwrap();

    handle.stop().await;
    let (components, flags) = message(&discord, message_id);
    assert!(flags.contains(MessageFlags::IS_COMPONENTS_V2));
    assert_eq!(texts(&components), ["Timed out."]);
    assert_nothing_refused(&discord);
}
