use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(label = "Age")]
    age: u32,
}

fn main() {}
