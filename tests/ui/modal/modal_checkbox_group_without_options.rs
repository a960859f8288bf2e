use twilight_views::prelude::*;

#[modal(title = "Days", custom_id = "days")]
struct Form {
    #[checkbox_group(label = "Days")]
    days: Vec<String>,
}

fn main() {}
