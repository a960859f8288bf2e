use twilight_views::prelude::*;

#[modal(title = "Feedback", custom_id = "feedback")]
struct Form {
    #[text_input(label = "Text", description = "This description goes on and on, well past the one hundred characters Discord allows for the second line of a label, which is rather long.")]
    text: String,
}

fn main() {}
