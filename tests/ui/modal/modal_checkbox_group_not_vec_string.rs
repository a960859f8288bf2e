use twilight_views::prelude::*;

#[modal(title = "Days", custom_id = "days")]
struct Form {
    #[checkbox_group(label = "Days", options = [option(label = "Mon", value = "mon")])]
    days: String,
}

fn main() {}
