//! Handler arguments and return values: the small traits generated handlers
//! call, in the style of axum's extractors.

use std::collections::HashMap;

use twilight_model::{
    application::interaction::{InteractionChannel, InteractionDataResolved, InteractionMember},
    channel::message::component::ComponentType,
    guild::Role,
    id::{
        Id,
        marker::{ChannelMarker, GenericMarker, RoleMarker, UserMarker},
    },
    user::User,
};

use crate::{context::ViewContext, error::HandlerError};

/// A handler argument after `ctx: ViewContext`, taken from the interaction
/// (select values, resolved entities).
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#select-values-as-handler-arguments).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be taken as a handler argument",
    label = "not extractable from a component interaction",
    note = "after `ctx: ViewContext`, a select handler may take its chosen values: \
            `Vec<String>`, `Vec<Id<UserMarker>>`, `Vec<Id<RoleMarker>>`, `Vec<Id<ChannelMarker>>`, \
            `Vec<Id<GenericMarker>>`, or the resolved `Vec<User>`, `Vec<Role>`, \
            `Vec<InteractionChannel>`, `Vec<InteractionMember>`"
)]
pub trait FromInteraction: Sized {
    /// Extracts the argument, or says why the interaction does not carry it.
    fn from_interaction(ctx: &ViewContext) -> Result<Self, HandlerError>;
}

/// What a handler may return: `()`, [`crate::ViewResult`], or
/// `Result<(), E>` for any error type.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#return-types).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a valid handler return type",
    label = "handlers return `ViewResult`, `()` or `Result<(), E>`",
    note = "`E` must convert into `Box<dyn std::error::Error + Send + Sync>`: any `std::error::Error + Send + Sync + 'static`, `Box<dyn Error + Send + Sync>`, `anyhow::Error`, `String`"
)]
pub trait IntoHandlerResult {
    /// Converts the handler's return value.
    fn into_handler_result(self) -> Result<(), HandlerError>;
}

impl IntoHandlerResult for () {
    fn into_handler_result(self) -> Result<(), HandlerError> {
        Ok(())
    }
}

/// `E` is anything that converts into `Box<dyn Error + Send + Sync>`: every
/// `Error + Send + Sync + 'static` type, the box itself (`?` on mixed
/// errors), `anyhow::Error` and `eyre::Report` (they provide the
/// conversion), and `String` / `&str` messages.
impl<E> IntoHandlerResult for Result<(), E>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn into_handler_result(self) -> Result<(), HandlerError> {
        self.map_err(|error| HandlerError::returned_boxed(error.into()))
    }
}

/// The chosen values as sent (string select options, or entity ids).
impl FromInteraction for Vec<String> {
    fn from_interaction(ctx: &ViewContext) -> Result<Self, HandlerError> {
        component_values(ctx).map(<[String]>::to_vec)
    }
}

fn component_values(ctx: &ViewContext) -> Result<&[String], HandlerError> {
    ctx.component_values()
        .ok_or_else(|| HandlerError::extract("the interaction is not a component interaction"))
}

/// Parses every value as an id of marker `T`.
fn ids<T>(ctx: &ViewContext, what: &str) -> Result<Vec<Id<T>>, HandlerError> {
    component_values(ctx)?
        .iter()
        .map(|value| {
            value.parse().map_err(|_| {
                HandlerError::extract(format!("select value {value:?} is not a valid {what} id"))
            })
        })
        .collect()
}

macro_rules! id_values {
    ($($marker:ty => $what:literal),* $(,)?) => {$(
        #[doc = concat!("The chosen ", $what, " ids of a select.")]
        impl FromInteraction for Vec<Id<$marker>> {
            fn from_interaction(ctx: &ViewContext) -> Result<Self, HandlerError> {
                ids(ctx, $what)
            }
        }
    )*};
}

id_values!(
    UserMarker => "user",
    RoleMarker => "role",
    ChannelMarker => "channel",
    GenericMarker => "mentionable",
);

/// Looks each chosen id up in one of the resolved maps.
fn resolved<K, T: Clone>(
    ctx: &ViewContext,
    what: &str,
    map: impl FnOnce(&InteractionDataResolved) -> &HashMap<Id<K>, T>,
) -> Result<Vec<T>, HandlerError> {
    let values = ids::<K>(ctx, what)?;
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let resolved = ctx.resolved().ok_or_else(|| {
        HandlerError::extract(format!("the interaction carries no resolved {what}s"))
    })?;
    let mentionable = ctx.component_type() == Some(ComponentType::MentionableSelectMenu);
    let map = map(resolved);
    let mut found = Vec::with_capacity(values.len());
    for id in &values {
        if let Some(entity) = map.get(id) {
            found.push(entity.clone());
        } else if !(mentionable && resolved_elsewhere(resolved, id.get())) {
            // A mentionable select mixes users and roles: a value resolved
            // as the other kind is skipped, an unresolved one is an error.
            return Err(HandlerError::extract(format!(
                "{what} {id} is chosen but not in the resolved data"
            )));
        }
    }
    Ok(found)
}

fn resolved_elsewhere(resolved: &InteractionDataResolved, id: u64) -> bool {
    Id::<UserMarker>::new_checked(id).is_some_and(|id| resolved.users.contains_key(&id))
        || Id::<RoleMarker>::new_checked(id).is_some_and(|id| resolved.roles.contains_key(&id))
}

/// The chosen users of a user (or mentionable) select, from the resolved data.
impl FromInteraction for Vec<User> {
    fn from_interaction(ctx: &ViewContext) -> Result<Self, HandlerError> {
        resolved(ctx, "user", |resolved| &resolved.users)
    }
}

/// The chosen roles of a role select, from the resolved data.
impl FromInteraction for Vec<Role> {
    fn from_interaction(ctx: &ViewContext) -> Result<Self, HandlerError> {
        resolved(ctx, "role", |resolved| &resolved.roles)
    }
}

/// The chosen channels of a channel select, from the resolved data.
impl FromInteraction for Vec<InteractionChannel> {
    fn from_interaction(ctx: &ViewContext) -> Result<Self, HandlerError> {
        resolved(ctx, "channel", |resolved| &resolved.channels)
    }
}

/// The members behind the chosen users (guilds only), from the resolved data.
impl FromInteraction for Vec<InteractionMember> {
    fn from_interaction(ctx: &ViewContext) -> Result<Self, HandlerError> {
        resolved(ctx, "member", |resolved| &resolved.members)
    }
}
