//! The same navigations on the SQLite and PostgreSQL stores: a restart in
//! the middle of a navigation (and of a jump), a row written in the stored
//! format of earlier versions, and a menu's push, pop and pop-to-root
//! across restarts. Nothing is special to either store.

use std::{io::Write as _, sync::Arc};

use twilight_views::{ViewStore, open_store};
use views_testkit::{
    discord::{FakeDiscord, USER_ID},
    postgres::{Admin, Server},
    temp::TempDir,
};

use crate::{
    common::{BOB, answer, click, jump, open, router, row, shown},
    menu::push_pop_and_pop_to_root_across_restarts,
};

/// Pages, restarts, pages on; jumps, restarts, pages on.
async fn restart_in_the_middle_of_a_navigation(store: &Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let first = router(&discord, store);
    let message = open(&first, 170, |nav| nav).await;
    for _ in 0..2 {
        let interaction = click(&discord, message, "tvn:next", USER_ID);
        assert!(first.dispatch(interaction).await.is_handled());
    }
    assert_eq!(shown(&discord, message), ("21..=30".to_owned(), row(3, 17)));

    drop(first);
    let second = router(&discord, store);
    let interaction = click(&discord, message, "tvn:prev", USER_ID);
    assert!(second.dispatch(interaction).await.is_handled());
    assert_eq!(shown(&discord, message), ("11..=20".to_owned(), row(2, 17)));
    let submission = jump(&discord, message, "17", USER_ID);
    assert!(second.dispatch(submission).await.is_handled());

    drop(second);
    let third = router(&discord, store);
    let interaction = click(&discord, message, "tvn:prev", USER_ID);
    assert!(third.dispatch(interaction).await.is_handled());
    assert_eq!(
        shown(&discord, message),
        ("151..=160".to_owned(), row(16, 17))
    );
}

/// A navigator row as earlier versions wrote it (an owner, all six
/// buttons), rewritten under a live message: a new router pages on from
/// it, locked to its owner, and writes it back in the same format.
async fn an_earlier_row_pages_on(store: &Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let first = router(&discord, store);
    let message = open(&first, 45, |nav| nav).await;
    drop(first);
    let earlier = format!(
        r#"{{"source":"numbers","args":{{"count":45}},"page":3,"pages":5,"owner":"{USER_ID}","buttons":{{"first":true,"prev":true,"indicator":true,"next":true,"last":true,"stop":true}}}}"#
    );
    store
        .upsert(message.get(), "Navigator", earlier.into_bytes())
        .await
        .unwrap();

    let second = router(&discord, store);
    let interaction = click(&discord, message, "tvn:next", BOB);
    assert!(!second.dispatch(interaction.clone()).await.is_handled());
    assert!(answer(&discord, &interaction).is_some(), "bob is told");
    let interaction = click(&discord, message, "tvn:next", USER_ID);
    assert!(second.dispatch(interaction).await.is_handled());
    let (content, buttons) = shown(&discord, message);
    assert_eq!(content, "41..=45");
    assert_eq!(buttons.len(), 6, "the five arrows and stop: {buttons:?}");
    let stored = store.load(message.get()).await.unwrap().unwrap();
    let state: serde_json::Value = serde_json::from_slice(&stored.state).unwrap();
    assert_eq!(
        state,
        serde_json::json!({
            "source": "numbers", "args": {"count": 45}, "page": 4, "pages": 5,
            "owner": USER_ID.to_string(),
            "buttons": {"first": true, "prev": true, "indicator": true, "next": true, "last": true, "stop": true},
        })
    );
}

async fn everything_on(url: &str) {
    let store = open_store(url).await.expect("the store opens");
    restart_in_the_middle_of_a_navigation(&store).await;
    an_earlier_row_pages_on(&store).await;
    push_pop_and_pop_to_root_across_restarts(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite() {
    let dir = TempDir::new("navigation-sqlite");
    let url = format!("sqlite://{}", dir.path().join("views.db").display());
    everything_on(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres() {
    let server = match Server::find() {
        Ok(server) => server,
        Err(reason) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "the navigation tests on PostgreSQL cannot run under CI=true: {reason}"
            );
            let _ = writeln!(
                std::io::stderr(),
                "\n*** navigation on PostgreSQL SKIPPED: {reason} ***\n"
            );
            return;
        }
    };
    let admin = Admin::connect(server.url()).await;
    let url = admin.fresh_schema_url("navigation").await;
    everything_on(&url).await;
    admin.drop_schemas().await;
}
