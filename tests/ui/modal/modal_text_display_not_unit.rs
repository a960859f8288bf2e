use twilight_views::prelude::*;

#[modal(title = "Report", custom_id = "report")]
struct Form {
    #[text_input(label = "Title")]
    title: String,
    #[text_display(content = "Follow the rules.")]
    footer: String,
}

fn main() {}
