use twilight_model::channel::Attachment;
use twilight_views::prelude::*;

#[modal(title = "Report", custom_id = "report")]
struct Form {
    #[file_upload(label = "Images", min_values = 4, max_values = 2)]
    images: Vec<Attachment>,
}

fn main() {}
