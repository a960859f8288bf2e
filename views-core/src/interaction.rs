//! [`OwnedInteraction`]: the interaction the router takes, kept in the box it
//! arrived in.

use std::{fmt, ops::Deref};

use twilight_model::{
    application::interaction::Interaction, gateway::payload::incoming::InteractionCreate,
};

/// An interaction handed to [`ViewRouter::dispatch`](crate::ViewRouter::dispatch)
/// or [`ViewContext::new`](crate::ViewContext::new).
///
/// An `Interaction` is about 5.8 KB. twilight-gateway already delivers it on
/// the heap (`Event::InteractionCreate(Box<InteractionCreate>)`), so the
/// router keeps that box instead of moving the interaction out of it and
/// copying it into one of its own: pass the event's box as is,
/// `router.dispatch(event)`. An `Interaction` or a `Box<Interaction>` (from an
/// HTTP interactions endpoint, say) works too.
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
pub struct OwnedInteraction(Held);

enum Held {
    Interaction(Box<Interaction>),
    Event(Box<InteractionCreate>),
}

impl Deref for OwnedInteraction {
    type Target = Interaction;

    fn deref(&self) -> &Interaction {
        match &self.0 {
            Held::Interaction(interaction) => interaction,
            Held::Event(event) => &event.0,
        }
    }
}

impl AsRef<Interaction> for OwnedInteraction {
    fn as_ref(&self) -> &Interaction {
        self
    }
}

impl OwnedInteraction {
    /// Moves the interaction out (out of the event's box, if it came in one).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
    pub fn into_interaction(self) -> Interaction {
        match self.0 {
            Held::Interaction(interaction) => *interaction,
            Held::Event(event) => event.0,
        }
    }

    /// The interaction on the heap (boxed anew if it came in the event's box).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
    pub fn into_boxed(self) -> Box<Interaction> {
        match self.0 {
            Held::Interaction(interaction) => interaction,
            Held::Event(event) => Box::new(event.0),
        }
    }
}

/// A summary: `DispatchOutcome`s that hand the interaction back are logged
/// with `?outcome`, and the full payload is several kilobytes. `{:?}` of
/// `&*interaction` prints all of it.
impl fmt::Debug for OwnedInteraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedInteraction")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl From<Interaction> for OwnedInteraction {
    fn from(interaction: Interaction) -> Self {
        Self(Held::Interaction(Box::new(interaction)))
    }
}

/// A copy of a borrowed interaction (about 5.8 KB): for answering an
/// application command you keep using, as in
/// `router.respond_with_view(&interaction, reply, view)`.
impl From<&Interaction> for OwnedInteraction {
    fn from(interaction: &Interaction) -> Self {
        Self::from(interaction.clone())
    }
}

impl From<Box<Interaction>> for OwnedInteraction {
    fn from(interaction: Box<Interaction>) -> Self {
        Self(Held::Interaction(interaction))
    }
}

impl From<Box<InteractionCreate>> for OwnedInteraction {
    fn from(event: Box<InteractionCreate>) -> Self {
        Self(Held::Event(event))
    }
}

impl From<InteractionCreate> for OwnedInteraction {
    fn from(event: InteractionCreate) -> Self {
        Self(Held::Interaction(Box::new(event.0)))
    }
}

static_assertions::assert_impl_all!(OwnedInteraction: Send, Sync);
