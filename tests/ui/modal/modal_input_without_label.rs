use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(style = "paragraph")]
    text: String,
}

fn main() {}
