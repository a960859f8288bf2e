use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[select(label = "Area")]
    area: String,
}

fn main() {}
