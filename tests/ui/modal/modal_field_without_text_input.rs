use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(label = "Text")]
    text: String,
    extra: String,
}

fn main() {}
