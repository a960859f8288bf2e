use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(label = "A label that is longer than forty-five characters")]
    text: String,
}

fn main() {}
