use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(label = "A")]
    a: String,
    #[text_input(label = "B")]
    b: String,
    #[text_input(label = "C")]
    c: String,
    #[text_input(label = "D")]
    d: String,
    #[text_input(label = "E")]
    e: String,
    #[text_input(label = "F")]
    f: String,
}

fn main() {}
