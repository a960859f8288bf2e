#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The guide's snippets are doctests too.
#[cfg(any(test, doctest))]
mod guide;

// What a bot author writes: views and their handlers' context, replies and
// errors; the router, its outcomes and its reply transports; stores.
pub use views_core::{
    BoxFuture, CustomIdError, CustomIdErrorKind, DEFAULT_STORE_URL, DispatchOutcome,
    FromInteraction, HandlerError, HandlerErrorKind, IdField, InMemory, Lease, MemoryStore, Modal,
    ModalError, ModalErrorKind, Notices, OwnedInteraction, RawInteraction, Reply, RestoreReport,
    RouterError, RouterErrorKind, SourceLocation, Started, StoreError, StoreErrorKind, StoredView,
    Unbound, View, ViewContext, ViewError, ViewErrorKind, ViewHandle, ViewResult, ViewRouter,
    ViewRouterBuilder, ViewStore, ViewToSend, context, error, extract, open_store, raw, reply,
    respond, router, store, view,
};

// Navigators: paging through a source of pages, kept across restarts.
pub use views_core::nav;

// Layout views (Components V2): their errors, the message a view renders
// into for a message the bot sends itself, and how it goes on a request.
pub use views_core::layout::{self, LayoutError, LayoutErrorKind, SendView, ViewMessage};

/// twilight's button style, for `#[button(style = EXPR)]` (a style that
/// follows the view's state); also in the prelude.
pub use views_core::__twilight_model::channel::message::component::ButtonStyle;

/// The router's metric names, units and labels (feature `metrics`).
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub use views_core::metrics;

/// Discord's HTTP interactions: the endpoint as a `tower::Service`
/// (feature `http-endpoint`; its ready-made server, feature `http-server`).
#[cfg(feature = "http-endpoint")]
#[cfg_attr(docsrs, doc(cfg(feature = "http-endpoint")))]
pub use views_core::endpoint;

/// A twilight shard's events with clicks and modal submissions left to the
/// routing-only parse: `shard.next_incoming(wanted)` in place of
/// `shard.next_event(wanted)`.
#[cfg(feature = "gateway")]
#[cfg_attr(docsrs, doc(cfg(feature = "gateway")))]
pub use views_core::gateway;

// Reached by generated code through `__private`; kept at their old paths
// for code written against them, hidden from the docs.
#[doc(hidden)]
pub use views_core::{AutoDefer, IntoHandlerResult, ViewOptions, item, modal, render, template};
#[doc = include_str!("docs/button.md")]
pub use views_macros::button;
#[doc = include_str!("docs/layout.md")]
pub use views_macros::layout;
#[doc = include_str!("docs/modal.md")]
pub use views_macros::modal;
#[doc = include_str!("docs/select.md")]
pub use views_macros::select;
#[doc = include_str!("docs/view.md")]
pub use views_macros::view;

/// Everything a view definition and its event loop need:
/// `use twilight_views::prelude::*;` (the macros, the view and context
/// types, replies, the router and its outcomes, the handler error types,
/// [`ButtonStyle`] for `style = EXPR`, [`SendView`] for a layout sent to a
/// channel, and serde's derives).
pub mod prelude {
    pub use crate::{
        ButtonStyle, DispatchOutcome, HandlerError, HandlerErrorKind, InMemory, Modal, Reply,
        SendView, Started, Unbound, View, ViewContext, ViewError, ViewErrorKind, ViewHandle,
        ViewResult, ViewRouter, ViewToSend, button, layout, modal, select, view,
    };
    pub use serde::{Deserialize, Serialize};
}

/// Paths used by generated code. Not public API: may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use std::{
        boxed::Box, format, option::Option, result::Result, string::String, time::Duration,
        vec::Vec,
    };
    pub use views_core::__twilight_model as twilight_model;
    pub use views_core::__twilight_model::channel::{
        ChannelType,
        message::{
            Component,
            component::{ButtonStyle, ComponentType, SelectMenuOption, SelectMenuType},
        },
    };
    pub use views_core::__twilight_model::http::interaction::InteractionResponseData;
    pub use views_core::layout::build as layout;
    pub use views_core::{
        BoxFuture, FromInteraction, HandlerError, IntoHandlerResult, ItemSpec, Modal,
        SourceLocation, View, ViewContext, ViewOptions,
        item::{AutoDefer, HandlerFuture, Returns},
        modal,
        render::{self, CustomIds, Placed, SelectParts},
        template,
        view::{ButtonWithoutCustomId, DynamicItem, SelectWithoutCustomId, StateFingerprint},
    };

    /// `label = <expr>` and friends: any `Into<String>`. A function, so a
    /// wrong type is reported on the user's expression (the argument).
    #[inline]
    pub fn into_string(value: impl Into<String>) -> String {
        value.into()
    }
}
