use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback:{id}")]
struct Form {
    #[text_input(label = "Text")]
    text: String,
}

fn main() {}
