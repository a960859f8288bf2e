use twilight_views::prelude::*;

#[modal(title = "Report", custom_id = "report")]
struct Form {
    #[file_upload(label = "Images")]
    images: Vec<String>,
}

fn main() {}
