use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(label = "Text", style = "long")]
    text: String,
}

fn main() {}
