//! The gateway read the way the router likes it: [`IncomingExt::next_incoming`]
//! is twilight's `next_event` with clicks and modal submissions left
//! unparsed, as [`RawInteraction`]s the router routes without twilight's
//! full parse; every other frame is parsed by `twilight_gateway::parse`
//! exactly as `next_event` would.
//!
//! ```no_run
//! # async fn doc(mut shard: twilight_gateway::Shard, router: views_core::ViewRouter) {
//! use twilight_gateway::{Event, EventTypeFlags};
//! use views_core::gateway::{Incoming, IncomingExt as _};
//!
//! let wanted = EventTypeFlags::READY | EventTypeFlags::INTERACTION_CREATE;
//! while let Some(item) = shard.next_incoming(wanted).await {
//!     match item {
//!         // A click: routed from its frame.
//!         Ok(Incoming::Interaction(click)) => {
//!             let router = router.clone();
//!             tokio::spawn(async move { router.dispatch(click).await });
//!         }
//!         // Anything else, as `next_event` gives it (commands included).
//!         Ok(Incoming::Event(Event::Ready(_))) => {}
//!         Ok(Incoming::Event(_)) => {}
//!         Err(error) => tracing::warn!(%error, "could not read from the gateway"),
//!     }
//! }
//! # }
//! ```
//!
//! See [the performance guide](https://github.com/twilight-views/twilight-views/blob/main/docs/performance.md#routing-from-the-raw-frame).

use std::{future::Future, pin::Pin};

use futures_core::Stream;
use twilight_gateway::{Event, EventTypeFlags, Message, error::ReceiveMessageError};

use crate::raw::RawInteraction;

/// What the gateway sent, read by [`IncomingExt::next_incoming`].
#[derive(Debug)]
pub enum Incoming {
    /// A component click or a modal submission, for `router.dispatch`.
    Interaction(RawInteraction),
    /// Any other event of the wanted types, parsed by twilight (commands
    /// and autocompletes arrive here as `Event::InteractionCreate`, and the
    /// gateway's close as `Event::GatewayClose`).
    Event(Event),
}

/// `next_incoming` on a gateway shard (any stream of
/// `Result<Message, ReceiveMessageError>`, as twilight's own
/// `StreamExt::next_event` takes).
pub trait IncomingExt: Stream<Item = Result<Message, ReceiveMessageError>> + Unpin {
    /// The next click, modal submission or event of the `wanted` types;
    /// `None` once the shard is closed for good.
    ///
    /// A frame that holds a click or a modal submission is read by the
    /// routing-only parse ([`RawInteraction::from_frame`]); every other
    /// frame goes to `twilight_gateway::parse` as `next_event` would, and
    /// a type not wanted is skipped. Cancel safe, as `next_event`: the
    /// future only borrows the shard.
    fn next_incoming(
        &mut self,
        wanted: EventTypeFlags,
    ) -> impl Future<Output = Option<Result<Incoming, ReceiveMessageError>>> + Send + '_
    where
        Self: Send,
    {
        async move {
            loop {
                let text = match next_message(self).await? {
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
                    Ok(None) => {}
                    Err(error) => return Some(Err(error)),
                }
            }
        }
    }
}

impl<S> IncomingExt for S where S: Stream<Item = Result<Message, ReceiveMessageError>> + Unpin {}

/// The stream's next item (futures' `StreamExt::next`, without the crate).
async fn next_message<S: Stream + Unpin + ?Sized>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}
