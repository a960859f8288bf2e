use twilight_views::prelude::*;

#[modal(custom_id = "feedback")]
struct Form {
    #[text_input(label = "Text")]
    text: String,
}

fn main() {}
