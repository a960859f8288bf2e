#![doc = include_str!("../README.md")]

mod awaited;
mod base;
mod catch;
pub mod context;
pub mod error;
pub mod extract;
mod id_hash;
mod interaction;
pub mod item;
pub mod modal;
pub mod render;
pub mod reply;
pub mod respond;
pub mod router;
pub mod store;
pub mod template;
pub mod view;

pub use context::ViewContext;
pub use error::{HandlerError, HandlerErrorKind, ViewError, ViewErrorKind, ViewResult};
pub use extract::{FromInteraction, IntoHandlerResult};
pub use interaction::OwnedInteraction;
pub use item::{AutoDefer, Handler, ItemSpec};
pub use modal::{Modal, ModalError, ModalErrorKind};
pub use reply::Reply;
pub use router::{
    DispatchOutcome, RestoreReport, RouterError, RouterErrorKind, ViewHandle, ViewRouter,
    ViewRouterBuilder,
};
pub use store::{
    DEFAULT_STORE_URL, Lease, MemoryStore, StoreError, StoreErrorKind, StoredView, ViewStore,
    open_store,
};
pub use template::{CustomIdError, CustomIdErrorKind, IdField, TemplateSpec};
pub use view::{BoxFuture, SourceLocation, View, ViewOptions};

#[doc(hidden)]
pub use twilight_model as __twilight_model;
