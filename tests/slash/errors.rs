//! What cannot be sent is refused before anything reaches Discord, with an
//! error that says why; a failed store after the send is reported.

use std::error::Error as _;

use twilight_views::{InMemory, RouterError, RouterErrorKind, Unbound, ViewErrorKind, prelude::*};
use views_testkit::discord::FakeDiscord;

use crate::common::{Hello, Tally, command, memory_store};

#[view(persistent)]
struct Lonely;

#[view]
impl Lonely {
    #[button(custom_id = "slash:lonely", label = "Alone")]
    async fn alone(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond("alone").await
    }
}

fn router_kind(error: &ViewError) -> &RouterErrorKind {
    assert!(matches!(error.kind(), ViewErrorKind::Bind), "{error}");
    error
        .source()
        .and_then(|source| source.downcast_ref::<RouterError>())
        .expect("the router's reason is the source")
        .kind()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn views_the_router_cannot_serve_are_refused_before_sending() {
    let discord = FakeDiscord::start().await;
    // `Hello` registered but never added; `Tally` registered without a
    // store codec; `Lonely` not registered at all.
    let router = discord
        .router()
        .view::<Hello>()
        .view::<Tally>()
        .store(memory_store())
        .build()
        .unwrap();

    let interaction = command("hello");
    let error = router
        .respond_with_view(&interaction, "Hi", Unbound(Hello))
        .await
        .unwrap_err();
    assert!(
        matches!(
            router_kind(&error),
            RouterErrorKind::NoUnboundInstance { view: "Hello", .. }
        ),
        "{error}"
    );

    let error = router
        .respond_with_view(&interaction, "Count", Tally::default())
        .await
        .unwrap_err();
    assert!(matches!(
        router_kind(&error),
        RouterErrorKind::NotStored { .. }
    ));

    let error = router
        .respond_with_view(&interaction, "Alone", InMemory(Lonely))
        .await
        .unwrap_err();
    assert!(matches!(
        router_kind(&error),
        RouterErrorKind::NotRegistered { .. }
    ));

    assert!(
        discord.requests_for(&interaction.token).is_empty(),
        "nothing was sent"
    );
    // The interaction is still unanswered: a plain reply goes through.
    router
        .context(interaction.clone())
        .respond("fallback")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_answer_to_a_command_is_discords_error() {
    let discord = FakeDiscord::start().await;
    let router = crate::common::router(&discord, &memory_store());
    let interaction = command("counter");
    router
        .respond_with_view(&interaction, "Press!", Tally::default())
        .await
        .unwrap();
    // A new context does not know the first answer: Discord refuses it.
    let error = router
        .respond_with_view(&interaction, "Again", Tally::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ViewErrorKind::AlreadyAcknowledged),
        "{error}"
    );
}
