//! [`ViewContext::router`]: a handler's way back to the router that called
//! it (discord.py's `interaction.client`).

use super::{RouterInner, ViewRouter};
use crate::context::ViewContext;

impl ViewContext {
    /// The router that dispatched this interaction: for a handler that
    /// reads or binds other views, or keeps something of its own in the
    /// router's store ([`ViewRouter::store`]). `None` for a context built
    /// by hand with [`ViewContext::new`], or once the router is dropped.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#viewcontext).
    pub fn router(&self) -> Option<ViewRouter> {
        self.router_link()
            .upgrade()
            .and_then(|router| router.downcast::<RouterInner>().ok())
            .map(|inner| ViewRouter { inner })
    }
}
