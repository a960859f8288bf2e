use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(label = "Text", max_length = 4001)]
    text: String,
}

fn main() {}
