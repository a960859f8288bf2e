//! [`ViewContext`]: what a handler knows about its interaction, and how it
//! replies.

use std::sync::Arc;

use twilight_http::Client;
use twilight_model::{
    application::interaction::Interaction,
    id::{Id, marker::ApplicationMarker},
};

use crate::render::CustomIds;

/// The interaction a handler serves, the http client, and reply methods.
///
/// Cheap to clone: handlers take it by value.
#[derive(Clone, Debug)]
pub struct ViewContext {
    inner: Arc<ContextInner>,
}

#[derive(Debug)]
struct ContextInner {
    interaction: Interaction,
    http: Arc<Client>,
    application_id: Id<ApplicationMarker>,
    custom_id: String,
    ids: CustomIds,
}

impl ViewContext {
    /// Builds a context (the router does this for every dispatch).
    pub fn new(
        interaction: Interaction,
        http: Arc<Client>,
        application_id: Id<ApplicationMarker>,
        custom_id: String,
        ids: CustomIds,
    ) -> Self {
        Self {
            inner: Arc::new(ContextInner {
                interaction,
                http,
                application_id,
                custom_id,
                ids,
            }),
        }
    }

    /// The interaction being handled.
    pub fn interaction(&self) -> &Interaction {
        &self.inner.interaction
    }

    /// The http client.
    pub fn http(&self) -> &Arc<Client> {
        &self.inner.http
    }

    /// The application's id.
    pub fn application_id(&self) -> Id<ApplicationMarker> {
        self.inner.application_id
    }

    /// The custom_id of the clicked component.
    pub fn custom_id(&self) -> &str {
        &self.inner.custom_id
    }

    /// The custom_ids of the view instance this interaction belongs to, for
    /// re-rendering it.
    pub fn custom_ids(&self) -> &CustomIds {
        &self.inner.ids
    }
}
