//! [`ViewContext`]: what a handler knows about its interaction, and how it
//! replies (the reply methods are in `replies.rs`; what they send is decided
//! by the responder, `crate::respond`).

pub(crate) mod awaited;
mod replies;

use std::sync::Arc;

use tokio::time::Instant;
use twilight_http::Client;
use twilight_model::{
    application::interaction::{
        Interaction, InteractionData, InteractionDataResolved,
        message_component::MessageComponentInteractionData,
    },
    channel::Message,
    guild::PartialMember,
    id::{
        Id,
        marker::{ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, UserMarker},
    },
    user::User,
};

use self::awaited::AwaitedModals;
use crate::{
    OwnedInteraction,
    render::CustomIds,
    respond::{HttpTransport, ReplyTransport, Responder, Target},
};

/// The apology the default `on_error` sends when a handler fails.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
pub const DEFAULT_ERROR_MESSAGE: &str =
    "Something went wrong while handling this interaction. Please try again later.";

/// The interaction a handler serves, the http client, and reply methods.
///
/// Cheap to clone: handlers take it by value. All clones share one response
/// state, so a reply sent through any clone (or by the router's auto-defer)
/// is seen by the others.
///
/// ```
/// use views_core::{ViewContext, ViewResult};
///
/// // The body of a handler: who clicked, and an answer only they see.
/// async fn greet(ctx: ViewContext) -> ViewResult {
///     let name = ctx.user().map_or("there", |user| user.name.as_str());
///     ctx.respond_ephemeral(format!("Hello, {name}!")).await
/// }
/// ```
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
#[derive(Clone, Debug)]
pub struct ViewContext {
    inner: Arc<ContextInner>,
}

#[derive(Debug)]
struct ContextInner {
    /// Boxed (about 5.8 KB): it moves by pointer from the caller through
    /// the router into the handler's context.
    interaction: OwnedInteraction,
    /// `None`: the interaction's own (the router's contexts), read from it
    /// rather than copied.
    custom_id: Option<String>,
    ids: CustomIds,
    links: RouterLinks,
    /// Decides and sends every reply; shared by all clones.
    responder: Responder,
    /// The handler called [`ViewContext::stop`].
    stop_requested: std::sync::atomic::AtomicBool,
}

/// What every context of one router shares with it.
#[derive(Clone, Debug)]
pub(crate) struct RouterLinks {
    pub(crate) http: Arc<Client>,
    pub(crate) application_id: Id<ApplicationMarker>,
    /// The apology of the default `on_error`.
    pub(crate) error_message: Arc<str>,
    /// How replies leave.
    pub(crate) transport: Arc<dyn ReplyTransport>,
    /// Where `ask` waits for its modal.
    pub(crate) awaited: Arc<AwaitedModals>,
    /// The router itself, for binding views sent in replies. Type-erased
    /// so that contexts do not depend on the router's module (the router
    /// depends on them); dangling for a context built by hand.
    pub(crate) router: std::sync::Weak<dyn std::any::Any + Send + Sync>,
}

impl ViewContext {
    /// Builds a context that replies through `http` (the router builds one
    /// for every dispatch; this is for driving handlers by hand).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#testing-your-bot).
    pub fn new(
        interaction: impl Into<OwnedInteraction>,
        http: Arc<Client>,
        application_id: Id<ApplicationMarker>,
        custom_id: String,
        ids: CustomIds,
    ) -> Self {
        let links = RouterLinks {
            transport: Arc::new(HttpTransport::new(Arc::clone(&http), application_id)),
            http,
            application_id,
            error_message: Arc::from(DEFAULT_ERROR_MESSAGE),
            awaited: Arc::default(),
            router: std::sync::Weak::<()>::new(),
        };
        Self::linked(
            interaction.into(),
            Some(custom_id),
            ids,
            links,
            Instant::now(),
        )
    }

    /// A context of the router `links` belong to, for an interaction that
    /// reached the router at `arrived`.
    pub(crate) fn linked(
        interaction: OwnedInteraction,
        custom_id: Option<String>,
        ids: CustomIds,
        links: RouterLinks,
        arrived: Instant,
    ) -> Self {
        Self {
            inner: Arc::new(ContextInner {
                interaction,
                custom_id,
                ids,
                responder: Responder::new(Arc::clone(&links.transport), arrived),
                links,
                stop_requested: std::sync::atomic::AtomicBool::new(false),
            }),
        }
    }

    /// This context with the custom_ids of the view it answers for: a
    /// modal submission awaited in `ctx.ask` reaches the router without a
    /// view, and re-renders with the asking view's ids. Only a context
    /// nobody else holds yet can change (a clone keeps its ids).
    pub(crate) fn with_ids(self, ids: CustomIds) -> Self {
        match Arc::try_unwrap(self.inner) {
            Ok(mut inner) => {
                inner.ids = ids;
                Self {
                    inner: Arc::new(inner),
                }
            }
            Err(inner) => Self { inner },
        }
    }

    /// The router this context belongs to, type-erased (see
    /// [`RouterLinks::router`]).
    pub(crate) fn router_link(&self) -> &std::sync::Weak<dyn std::any::Any + Send + Sync> {
        &self.inner.links.router
    }

    /// Whether another clone of this context is alive: someone (a handler,
    /// a task it spawned) may still answer through it.
    pub(crate) fn is_held_elsewhere(&self) -> bool {
        Arc::strong_count(&self.inner) > 1
    }

    /// The handlers of this context's router waiting in `ask`.
    pub(crate) fn awaited(&self) -> &Arc<AwaitedModals> {
        &self.inner.links.awaited
    }

    /// The responder and what its replies are for.
    pub(crate) fn responder(&self) -> (&Responder, Target<'_>) {
        let target = Target {
            interaction: self.inner.interaction.reply_token(),
            message: self.channel_id().zip(self.message_id()),
        };
        (&self.inner.responder, target)
    }

    /// The interaction being handled.
    ///
    /// Dispatched as a [`RawInteraction`](crate::RawInteraction), it is
    /// parsed in full on the first call (once per click): the accessors
    /// below that return ids, the custom_id and a select's values read
    /// the fields the click was routed by and parse nothing.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn interaction(&self) -> &Interaction {
        &self.inner.interaction
    }

    /// The http client. Calls made with it go out when they are made: in a
    /// `&mut self` handler of a stored view they are not held until the new
    /// state is committed, as the context's reply methods are.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn http(&self) -> &Arc<Client> {
        &self.inner.links.http
    }

    /// The application's id.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn application_id(&self) -> Id<ApplicationMarker> {
        self.inner.links.application_id
    }

    /// The custom_id of the clicked component.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn custom_id(&self) -> &str {
        match &self.inner.custom_id {
            Some(custom_id) => custom_id,
            None => self.inner.interaction.data_custom_id(),
        }
    }

    /// The interaction's type, without a full parse.
    pub(crate) fn kind(&self) -> twilight_model::application::interaction::InteractionType {
        self.inner.interaction.interaction_kind()
    }

    /// The clicked component's type, without a full parse.
    pub(crate) fn component_type(
        &self,
    ) -> Option<twilight_model::channel::message::component::ComponentType> {
        self.inner.interaction.component_type()
    }

    /// The custom_ids of the view instance this interaction belongs to, for
    /// re-rendering it.
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#disabling-the-buttons).
    pub fn custom_ids(&self) -> &CustomIds {
        &self.inner.ids
    }

    /// The user who clicked: the member's user in a guild, else the DM user.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn user(&self) -> Option<&User> {
        self.inner.interaction.author()
    }

    /// The id of [`Self::user`].
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn user_id(&self) -> Option<Id<UserMarker>> {
        self.inner.interaction.user_id()
    }

    /// The member who clicked, in a guild.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn member(&self) -> Option<&PartialMember> {
        self.inner.interaction.member.as_ref()
    }

    /// The guild the interaction came from.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn guild_id(&self) -> Option<Id<GuildMarker>> {
        self.inner.interaction.guild_id()
    }

    /// The channel the interaction came from.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn channel_id(&self) -> Option<Id<ChannelMarker>> {
        self.inner.interaction.channel_id()
    }

    /// The message carrying the clicked component.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn message(&self) -> Option<&Message> {
        self.inner.interaction.message.as_ref()
    }

    /// The id of [`Self::message`].
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn message_id(&self) -> Option<Id<MessageMarker>> {
        self.inner.interaction.message_id()
    }

    /// A modal submission's data, without a full parse.
    pub(crate) fn submitted_data(
        &self,
    ) -> Option<&twilight_model::application::interaction::modal::ModalInteractionData> {
        self.inner.interaction.modal_data()
    }

    /// The component data of the interaction.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn component_data(&self) -> Option<&MessageComponentInteractionData> {
        match &self.inner.interaction.data {
            Some(InteractionData::MessageComponent(data)) => Some(data),
            _ => None,
        }
    }

    /// The values chosen in a select (empty for buttons).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#select-values-as-handler-arguments).
    pub fn values(&self) -> &[String] {
        self.inner
            .interaction
            .component_values()
            .unwrap_or_default()
    }

    /// The values chosen in a select, `None` when the interaction is not a
    /// component click. Without a full parse.
    pub(crate) fn component_values(&self) -> Option<&[String]> {
        self.inner.interaction.component_values()
    }

    /// Users, members, roles and channels Discord resolved for an
    /// entity select's values.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn resolved(&self) -> Option<&InteractionDataResolved> {
        self.component_data()
            .and_then(|data| data.resolved.as_ref())
    }

    /// Ends the view this interaction belongs to once the handler returns
    /// (discord.py's `self.stop()` in a callback). The handler's reply is
    /// sent as usual; what "ends" means depends on how the view runs:
    ///
    /// - **started** (`ViewRouter::start`): as on timeout. Later clicks get
    ///   the expired message, `on_timeout` runs, then the `edit_on_end`
    ///   edit, and `ViewHandle::wait` resolves.
    /// - **bound** to this message (`bind`, `bind_in_memory`): unbound, and
    ///   a stored view's record is deleted (after its new state was saved and
    ///   the reply sent). Later clicks on the message go wherever an unbound
    ///   click would: the view type's unbound instance, if one is
    ///   registered, else the unavailable message.
    /// - **unbound persistent** (`add_view`): it serves every message, so one
    ///   click does not end it; a warning is logged. Use
    ///   `ViewRouter::remove_view`.
    ///
    /// Only a click that completes ends a stored view: if the handler fails
    /// or its state cannot be saved, nothing changed and the view stays
    /// bound (a warning is logged). It has no effect in a modal's submit
    /// handler, on the context `ask` returns, or after the handler returned
    /// (from a task it spawned): call it on the click's own context, in the
    /// handler.
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#ending-it-from-its-own-handler).
    pub fn stop(&self) {
        self.inner
            .stop_requested
            .store(true, std::sync::atomic::Ordering::Release);
    }

    /// The interaction back, when this is the context's only clone (the
    /// router built it and nothing ran with it).
    pub(crate) fn into_interaction(self) -> Option<OwnedInteraction> {
        Arc::try_unwrap(self.inner)
            .ok()
            .map(|inner| inner.interaction)
    }

    /// Whether the handler called [`Self::stop`].
    pub(crate) fn stop_requested(&self) -> bool {
        self.inner
            .stop_requested
            .load(std::sync::atomic::Ordering::Acquire)
    }
}

static_assertions::assert_impl_all!(ViewContext: Send, Sync, Clone);
