use twilight_views::prelude::*;

#[modal(title = "Days", custom_id = "days")]
struct Form {
    #[checkbox_group(
        label = "Days",
        options = [
            option(label = "1", value = "1"), option(label = "2", value = "2"),
            option(label = "3", value = "3"), option(label = "4", value = "4"),
            option(label = "5", value = "5"), option(label = "6", value = "6"),
            option(label = "7", value = "7"), option(label = "8", value = "8"),
            option(label = "9", value = "9"), option(label = "10", value = "10"),
            option(label = "11", value = "11"),
        ]
    )]
    days: Vec<String>,
}

fn main() {}
