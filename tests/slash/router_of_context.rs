//! `ctx.router()`: a command's context leads back to the router that
//! built it (the same store, so a handler can bind or read views there),
//! and one built by hand leads nowhere.

use std::sync::Arc;

use twilight_model::id::Id;
use twilight_views::{ViewContext, render::CustomIds};
use views_testkit::discord::FakeDiscord;

use crate::common::{command, memory_store, router};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_context_leads_back_to_its_router_while_it_lives() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let router = router(&discord, &store);
    let ctx = router.context(command("open"));

    let back = ctx.router().expect("the router that built the context");
    assert!(Arc::ptr_eq(back.store(), &store));
    drop(back);

    // Built by hand: no router behind it.
    let by_hand = ViewContext::new(
        command("open"),
        discord.client(),
        Id::new(1),
        String::new(),
        CustomIds::Declared,
    );
    assert!(by_hand.router().is_none());

    // The context does not keep its router alive.
    drop(router);
    assert!(ctx.router().is_none());
}
