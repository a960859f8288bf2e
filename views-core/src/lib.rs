#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod base;
mod catch;
pub mod context;
#[cfg(feature = "http-endpoint")]
#[cfg_attr(docsrs, doc(cfg(feature = "http-endpoint")))]
pub mod endpoint;
pub mod error;
pub mod extract;
#[cfg(feature = "gateway")]
#[cfg_attr(docsrs, doc(cfg(feature = "gateway")))]
pub mod gateway;
mod handler_future;
mod id_hash;
mod interaction;
pub mod layout;
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub mod metrics;
pub mod nav;
mod observe;
pub mod raw;
pub mod reply;
pub mod respond;
pub mod router;
pub mod store;
pub mod view;

// What only the code the macros generate calls: public so that code can
// reach it, hidden because bot authors never write it and it may change.
#[doc(hidden)]
pub mod item;
#[doc(hidden)]
pub mod modal;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod template;

// What a bot author writes: views and their handlers' context, replies and
// errors; the router and its outcomes; stores.
pub use context::ViewContext;
pub use error::{HandlerError, HandlerErrorKind, ViewError, ViewErrorKind, ViewResult};
pub use extract::FromInteraction;
pub use interaction::OwnedInteraction;
pub use layout::{LayoutError, LayoutErrorKind, ViewMessage};
pub use modal::{Modal, ModalError, ModalErrorKind};
pub use raw::RawInteraction;
pub use reply::Reply;
pub use router::{
    DispatchOutcome, InMemory, Notices, RestoreReport, RouterError, RouterErrorKind, Started,
    Unbound, ViewHandle, ViewRouter, ViewRouterBuilder, ViewToSend,
};
pub use store::{
    DEFAULT_STORE_URL, Lease, MemoryStore, StoreError, StoreErrorKind, StoredView, ViewStore,
    open_store,
};
pub use template::{CustomIdError, CustomIdErrorKind, IdField};
pub use view::{BoxFuture, SourceLocation, View};

// Re-exported for generated code (`ItemSpec` tables, `ViewOptions` impls,
// handler results).
#[doc(hidden)]
pub use extract::IntoHandlerResult;
#[doc(hidden)]
pub use item::{AutoDefer, Handler, HandlerFuture, ItemSpec};
#[doc(hidden)]
pub use template::TemplateSpec;
#[doc(hidden)]
pub use view::ViewOptions;

#[doc(hidden)]
pub use twilight_model as __twilight_model;
