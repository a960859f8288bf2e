use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[select(label = "Tags", options = [option(label = "A", value = "a"), option(label = "B", value = "b")], max_values = 2)]
    tags: String,
}

fn main() {}
