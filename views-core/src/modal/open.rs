//! Opening a modal from a handler (`ctx.open_modal`), and reading the
//! submitted data in a submit handler.

use twilight_model::{
    application::interaction::modal::ModalInteractionData,
    http::interaction::InteractionResponseData,
};

use super::{Modal, ModalError, ModalErrorKind, Submission};
use crate::{
    context::ViewContext,
    error::{ViewError, ViewErrorKind, ViewResult},
    template::CustomIdError,
};

impl ViewContext {
    /// Opens `form`'s modal (callback type 9), prefilled with its values;
    /// the submission goes to the handler registered with
    /// [`ViewRouterBuilder::modal`](crate::ViewRouterBuilder::modal). Must be
    /// the interaction's first answer.
    ///
    /// In a `&mut self` handler of a stored view the modal opens at once: it
    /// is not held until the view's new state is committed, as replies are,
    /// so do not show state the click is about to change in its fields.
    ///
    /// # Errors
    ///
    /// The interaction was already answered
    /// ([`ViewErrorKind::AlreadyAcknowledged`]), a templated custom_id
    /// cannot be built ([`ViewErrorKind::Request`] with a
    /// [`CustomIdError`] source), or Discord refused.
    ///
    /// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#opening).
    pub async fn open_modal<M: Modal>(&self, form: &M) -> ViewResult {
        self.send_modal(M::data(Some(form))).await
    }

    /// Opens `M`'s modal with its declared values only.
    ///
    /// # Errors
    ///
    /// As [`Self::open_modal`]; always for a modal with a templated
    /// custom_id (its fields come from an instance: use `open_modal`).
    ///
    /// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#opening).
    pub async fn open_empty_modal<M: Modal>(&self) -> ViewResult {
        self.send_modal(M::data(None)).await
    }

    pub(super) async fn send_modal(
        &self,
        data: Result<InteractionResponseData, CustomIdError>,
    ) -> ViewResult {
        // A templated id that cannot be built is refused before sending.
        let data =
            data.map_err(|error| ViewError::new(ViewErrorKind::Request, Some(Box::new(error))))?;
        self.open_modal_with(data).await
    }

    /// The submitted modal's data, in a submit handler.
    ///
    /// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#handling-submissions).
    pub fn modal_data(&self) -> Option<&ModalInteractionData> {
        self.submitted_data()
    }

    /// The submitted form as `M`, in a handler of a modal's submission (a
    /// view item that handles one, or a `ctx.ask` answer).
    ///
    /// # Errors
    ///
    /// The interaction is not a modal submission, or its inputs are not
    /// `M`'s (a missing or unexpected field, a value of the wrong kind).
    ///
    /// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#handling-submissions).
    pub fn submitted<M: Modal>(&self) -> Result<M, ModalError> {
        let data = self
            .modal_data()
            .ok_or_else(|| ModalError::new(ModalErrorKind::NotASubmission))?;
        let mut submission = Submission::new(data);
        let form = M::from_submission(&mut submission)?;
        submission.finish()?;
        Ok(form)
    }
}
