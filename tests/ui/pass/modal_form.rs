//! A modal with every text input key; `Modal` is implemented.
use twilight_views::prelude::*;

#[modal(title = "Submit a Ticket", custom_id = "ticket-form")]
#[derive(Default)]
struct TicketForm {
    #[text_input(label = "Subject", placeholder = "What is wrong?", min_length = 1, max_length = 100)]
    subject: String,
    #[text_input(label = "Details", style = "paragraph", required = false, value = "none")]
    details: Option<String>,
    #[text_input(label = "Urgent?", style = "short", required = true, max_length = 4000)]
    urgent: String,
}

fn main() {
    assert_eq!(<TicketForm as Modal>::CUSTOM_ID, "ticket-form");
    let data = <TicketForm as Modal>::data(Some(&TicketForm::default())).expect("static id");
    assert_eq!(data.title.as_deref(), Some("Submit a Ticket"));
    assert_eq!(data.components.map(|c| c.len()), Some(3));
}
