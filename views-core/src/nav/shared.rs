//! What navigators and menus share: the owner lock, an action row, and
//! ending (the buttons removed, the view forgotten).

use twilight_model::{
    channel::message::{Component, component::ActionRow},
    id::{Id, marker::UserMarker},
};

use crate::{
    base::BoxFuture, context::ViewContext, error::HandlerError, extract::IntoHandlerResult,
    reply::Reply,
};

/// `interaction_check` of a view locked to `owner` (everyone when `None`).
pub(crate) fn owner_check<'a>(
    owner: Option<Id<UserMarker>>,
    ctx: &ViewContext,
) -> BoxFuture<'a, bool> {
    let allowed = owner.is_none_or(|owner| ctx.user_id() == Some(owner));
    Box::pin(std::future::ready(allowed))
}

/// An action row of `components`.
pub(crate) fn row(components: Vec<Component>) -> Component {
    Component::ActionRow(ActionRow {
        id: None,
        components,
    })
}

/// Removes the message's buttons (its text stays) and ends the view: a
/// stored one is forgotten, in the store too.
pub(crate) async fn close(ctx: &ViewContext) -> Result<(), HandlerError> {
    ctx.stop();
    ctx.update(Reply::new().components(Vec::new()))
        .await
        .into_handler_result()
}
