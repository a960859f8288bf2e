//! The "Jump to page" modal the indicator opens. Its custom_id is the
//! navigator's jump item's, so its submission comes back to the navigator
//! of the message it was opened from, with that navigator's state.

use twilight_model::http::interaction::InteractionResponseData;

use crate::{
    base::SourceLocation,
    modal::{Modal, ModalError, Submission, TextInputParts, data, text_input},
    template::CustomIdError,
};

/// The custom_id of the modal and of the item that handles it.
pub(crate) const JUMP_ID: &str = "tvn:jump";

/// The modal's one input.
const PAGE_FIELD: &str = "page";

/// The "Jump to page" form.
pub(crate) struct JumpForm {
    /// What the user typed.
    pub(crate) page: String,
    /// The last page, for the placeholder.
    pub(crate) last: usize,
}

impl Modal for JumpForm {
    const NAME: &'static str = "JumpForm";
    const CUSTOM_ID: &'static str = JUMP_ID;
    const DEFINED_AT: SourceLocation = SourceLocation {
        file: file!(),
        line: line!(),
    };

    fn data(prefill: Option<&Self>) -> Result<InteractionResponseData, CustomIdError> {
        let last = prefill.map_or(1, |form| form.last.max(1));
        let input = text_input(TextInputParts {
            custom_id: PAGE_FIELD,
            label: "Page number".to_owned(),
            description: None,
            paragraph: false,
            placeholder: Some(format!("1 to {last}")),
            min_length: Some(1),
            max_length: Some(20),
            required: true,
            value: prefill
                .map(|form| form.page.clone())
                .filter(|page| !page.is_empty()),
        });
        Ok(data(JUMP_ID, "Jump to page", vec![input]))
    }

    fn from_submission(submission: &mut Submission) -> Result<Self, ModalError> {
        let page = submission.text(PAGE_FIELD, true)?.unwrap_or_default();
        Ok(Self { page, last: 0 })
    }
}

/// What a typed page number asks for, given `count` pages.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Typed {
    /// Page index (from 0).
    Page(usize),
    /// Not a number.
    NotANumber,
    /// A number outside 1..=count.
    OutOfRange(u64),
}

/// Reads a typed page number (counted from 1, as the indicator shows it).
pub(crate) fn read(typed: &str, count: usize) -> Typed {
    let typed = typed.trim();
    let Ok(number) = typed.parse::<u64>() else {
        return Typed::NotANumber;
    };
    match usize::try_from(number) {
        Ok(page) if (1..=count.max(1)).contains(&page) => Typed::Page(page - 1),
        _ => Typed::OutOfRange(number),
    }
}

#[cfg(test)]
mod tests {
    use super::{Typed, read};

    #[test]
    fn page_numbers_count_from_one_and_stay_in_range() {
        assert_eq!(read("1", 17), Typed::Page(0));
        assert_eq!(read(" 17 ", 17), Typed::Page(16));
        assert_eq!(read("18", 17), Typed::OutOfRange(18));
        assert_eq!(read("0", 17), Typed::OutOfRange(0));
        assert_eq!(read("-3", 17), Typed::NotANumber);
        assert_eq!(read("three", 17), Typed::NotANumber);
        assert_eq!(read("", 17), Typed::NotANumber);
        assert_eq!(read("99999999999999999999999", 17), Typed::NotANumber);
        // An empty source still has its one (empty) page.
        assert_eq!(read("1", 0), Typed::Page(0));
    }
}
