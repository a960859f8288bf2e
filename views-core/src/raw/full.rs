//! The full parse of a [`RawInteraction`](super::RawInteraction): twilight's
//! own `Interaction`, from the kept text, when a handler asks for it.

use std::cell::Cell;

use serde::Deserialize;
use twilight_model::{
    application::interaction::{
        Interaction, InteractionData, InteractionType,
        message_component::MessageComponentInteractionData, modal::ModalInteractionData,
    },
    oauth::ApplicationIntegrationMap,
};

use super::slim::Routing;

thread_local! {
    /// Full parses done on this thread (see [`full_parses_on_this_thread`]).
    static FULL_PARSES: Cell<u64> = const { Cell::new(0) };
}

/// How many times a [`RawInteraction`](super::RawInteraction) was parsed in
/// full on the calling thread: how the tests check that a click parses its
/// interaction at most once (a current-thread runtime runs the whole click
/// on the test's thread).
#[doc(hidden)]
pub fn full_parses_on_this_thread() -> u64 {
    FULL_PARSES.with(Cell::get)
}

/// The `d` of a gateway frame; `op`, `s` and `t` were read already.
#[derive(Deserialize)]
struct Frame {
    d: Interaction,
}

/// twilight's interaction from `text` (a frame when `framed`). Should
/// twilight refuse it, an interaction made of the routing fields.
pub(super) fn parse(text: &[u8], framed: bool, routing: &Routing) -> Box<Interaction> {
    FULL_PARSES.with(|count| count.set(count.get() + 1));
    let parsed = if framed {
        // As twilight-gateway reads a frame: what follows it is not read.
        Frame::deserialize(&mut serde_json::Deserializer::from_slice(text))
            .map(|frame| Box::new(frame.d))
    } else {
        serde_json::from_slice::<Box<Interaction>>(text)
    };
    tracing::debug!(interaction = %routing.id, "interaction parsed in full");
    parsed.unwrap_or_else(|error| {
        tracing::warn!(
            interaction = %routing.id,
            %error,
            "twilight refuses this interaction's payload beyond the fields it was routed by; \
             the handler sees those fields only (no user, member or message)"
        );
        Box::new(from_routing(text, routing))
    })
}

/// An interaction holding the routing fields, and nothing else.
fn from_routing(text: &[u8], routing: &Routing) -> Interaction {
    let custom_id = routing.custom_id.get(text).to_owned();
    let data = match (routing.kind, routing.component_type) {
        (InteractionType::MessageComponent, Some(component_type)) => Some(
            InteractionData::MessageComponent(Box::new(MessageComponentInteractionData {
                component_type,
                custom_id,
                resolved: None,
                values: routing.values.clone(),
            })),
        ),
        _ => Some(InteractionData::ModalSubmit(
            routing.modal.clone().unwrap_or_else(|| {
                Box::new(ModalInteractionData {
                    components: Vec::new(),
                    custom_id,
                    resolved: None,
                })
            }),
        )),
    };
    #[allow(deprecated)]
    Interaction {
        app_permissions: None,
        application_id: routing.application_id,
        attachment_size_limit: 0,
        authorizing_integration_owners: ApplicationIntegrationMap {
            guild: None,
            user: None,
        },
        channel: None,
        channel_id: routing.channel_id,
        context: None,
        data,
        entitlements: Vec::new(),
        guild: None,
        guild_id: routing.guild_id,
        guild_locale: None,
        id: routing.id,
        kind: routing.kind,
        locale: None,
        member: None,
        message: None,
        token: routing.token.get(text).to_owned(),
        user: None,
    }
}
