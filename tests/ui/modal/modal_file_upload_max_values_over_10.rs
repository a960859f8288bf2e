use twilight_model::channel::Attachment;
use twilight_views::prelude::*;

#[modal(title = "Report", custom_id = "report")]
struct Form {
    #[file_upload(label = "Images", max_values = 11)]
    images: Vec<Attachment>,
}

fn main() {}
