//! Handler arguments and return values: the small traits generated handlers
//! call, in the style of axum's extractors.

use crate::{context::ViewContext, error::HandlerError};

/// A handler argument after `ctx: ViewContext`, taken from the interaction
/// (select values, resolved entities).
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
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a valid handler return type",
    label = "handlers return `ViewResult`, `()` or `Result<(), E>`",
    note = "`E` must implement `std::error::Error + Send + Sync + 'static`"
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

impl<E> IntoHandlerResult for Result<(), E>
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn into_handler_result(self) -> Result<(), HandlerError> {
        self.map_err(HandlerError::returned)
    }
}
