//! Modals: forms a component handler opens (`ctx.open_modal(..)`, callback
//! type 9) and whose submissions the router hands, parsed into the form's
//! struct, to the submit handler registered with
//! [`ViewRouterBuilder::modal`](crate::ViewRouterBuilder::modal), or to a
//! handler awaiting it (`ctx.ask`).
//!
//! `#[modal]` on a struct implements [`Modal`]: the form's trait is here, the
//! parser of a submission in `submission.rs`, the building blocks its
//! generated code calls in `build.rs`, opening a modal in `open.rs` and
//! awaiting one in `ask.rs`. Routing submissions is the router's business
//! (`router/modals.rs`).

mod ask;
mod build;
mod open;
mod submission;
#[cfg(test)]
mod tests;

use twilight_model::http::interaction::InteractionResponseData;

pub use self::{
    ask::AWAITED_PREFIX,
    build::*,
    submission::{EntityKind, ModalError, ModalErrorKind, Submission},
};
use crate::{base::SourceLocation, template::CustomIdError};

/// A modal form: implemented by `#[modal(title = .., custom_id = ..)]` on a
/// struct whose fields are its inputs; never by hand.
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a modal",
    label = "expected a struct with `#[modal(title = \"..\", custom_id = \"..\")]`"
)]
pub trait Modal: Sized + Send + 'static {
    /// The struct's name, for logs and errors.
    const NAME: &'static str;
    /// The modal's custom_id, or its template (`close:{ticket}`, filled
    /// from the struct's `#[id_field]`s): submissions matching it go to the
    /// handler registered for this type.
    const CUSTOM_ID: &'static str;
    /// Where the struct is defined.
    const DEFINED_AT: SourceLocation;

    /// The modal's response data (custom_id, title, components). With
    /// `prefill`, each input shows that form's value (an empty `String` or
    /// `None` falls back to the input's declared `value`).
    ///
    /// # Errors
    ///
    /// A templated custom_id cannot be built: no `prefill` to take its
    /// fields from, or the id would be too long or ambiguous.
    fn data(prefill: Option<&Self>) -> Result<InteractionResponseData, CustomIdError>;

    /// Whether a submitted custom_id is this modal's: equal to
    /// [`Self::CUSTOM_ID`], or, for a template, matching it whole with
    /// every field parsing.
    fn matches(custom_id: &str) -> bool {
        custom_id == Self::CUSTOM_ID
    }

    /// Parses a submission into the form.
    ///
    /// # Errors
    ///
    /// A required input is missing or empty, or the submission carries an
    /// input the form does not have.
    fn from_submission(submission: &mut Submission) -> Result<Self, ModalError>;
}
