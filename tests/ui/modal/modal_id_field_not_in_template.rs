use twilight_views::prelude::*;

#[modal(title = "Close ticket", custom_id = "close-ticket")]
struct Form {
    #[id_field]
    ticket: u64,
    #[text_input(label = "Reason")]
    reason: String,
}

fn main() {}
