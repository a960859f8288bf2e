use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[checkbox(label = "Agree")]
    agree: String,
}

fn main() {}
