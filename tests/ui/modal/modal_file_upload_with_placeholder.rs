use twilight_model::channel::Attachment;
use twilight_views::prelude::*;

#[modal(title = "Report", custom_id = "report")]
struct Form {
    #[file_upload(label = "Images", placeholder = "Drop files here")]
    images: Vec<Attachment>,
}

fn main() {}
