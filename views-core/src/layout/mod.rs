//! Layout views (Discord's Components V2): the message a layout view
//! renders into, the run-time half of Discord's rules ([`check`]), and the
//! builders its generated `render` calls.
//!
//! A view whose `#[view]` impl block has a `#[layout]` method renders
//! containers, sections, text displays, thumbnails, galleries, files,
//! separators and action rows instead of action rows only; every reply
//! path of the framework then sets `IS_COMPONENTS_V2` by itself. A message
//! you send yourself takes a [`ViewMessage`] ([`View::message`]), whose
//! [`SendView::view`] puts the components and the flag on twilight-http's
//! request in the order its validation needs.
//!
//! See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md).
//!
//! [`View::message`]: crate::View::message

#[doc(hidden)]
pub mod build;
mod check;
mod error;
mod gallery;
mod message;

pub use self::{
    check::check,
    error::{LayoutError, LayoutErrorKind},
    gallery::{GalleryMedia, IntoGalleryMedia},
    message::{SendView, ViewMessage},
};
pub(crate) use self::{check::needs_layout, message::update_followup};
