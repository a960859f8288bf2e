//! The gateway read the way the router likes it: each frame as the shard
//! received it (`Message::Text`), a click or a modal submission read by
//! the routing-only parse ([`RawInteraction::from_frame`]) and routed
//! without twilight's full parse, every other frame given to
//! `twilight_gateway::parse` as `next_event` would (docs/performance.md,
//! "Routing from the raw frame").

use futures_util::StreamExt as _;
use twilight_gateway::{Event, EventTypeFlags, Message, Shard, error::ReceiveMessageError};
use twilight_views::RawInteraction;

/// What the gateway sent.
pub enum Incoming {
    /// A click or a modal submission, for `router.dispatch`.
    Interaction(RawInteraction),
    /// Any other event of the wanted types, parsed by twilight (commands
    /// arrive here as `Event::InteractionCreate`).
    Event(Event),
}

/// [`twilight_gateway::StreamExt::next_event`] with clicks and modal
/// submissions left unparsed: the next frame the shard yields, `None` once
/// it is closed for good.
pub async fn next_incoming(
    shard: &mut Shard,
    wanted: EventTypeFlags,
) -> Option<Result<Incoming, ReceiveMessageError>> {
    loop {
        let text = match shard.next().await? {
            Ok(Message::Text(text)) => text,
            Ok(Message::Close(frame)) => {
                return Some(Ok(Incoming::Event(Event::GatewayClose(frame))));
            }
            Err(error) => return Some(Err(error)),
        };
        let text = match RawInteraction::from_frame(text) {
            Ok(interaction) => return Some(Ok(Incoming::Interaction(interaction))),
            Err(text) => text,
        };
        match twilight_gateway::parse(text, wanted) {
            Ok(Some(event)) => return Some(Ok(Incoming::Event(event.into()))),
            // A type the bot does not want.
            Ok(None) => {}
            Err(error) => return Some(Err(error)),
        }
    }
}
