use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(label = "Text", min_length = 10, max_length = 5)]
    text: String,
}

fn main() {}
