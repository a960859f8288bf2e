use twilight_views::prelude::*;

#[modal(title = "A title that is much longer than the forty-five characters allowed", custom_id = "feedback")]
struct Form {
    #[text_input(label = "Text")]
    text: String,
}

fn main() {}
