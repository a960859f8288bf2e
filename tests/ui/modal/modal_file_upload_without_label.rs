use twilight_model::channel::Attachment;
use twilight_views::prelude::*;

#[modal(title = "Report", custom_id = "report")]
struct Form {
    #[file_upload(description = "Screenshots of the bug.", max_values = 3)]
    images: Vec<Attachment>,
}

fn main() {}
