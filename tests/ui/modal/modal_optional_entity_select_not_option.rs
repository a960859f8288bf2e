use twilight_model::id::{Id, marker::ChannelMarker};
use twilight_views::prelude::*;

#[modal(title = "Move", custom_id = "move")]
struct Form {
    #[select(kind = "channel", label = "Where", required = false)]
    channel: Id<ChannelMarker>,
}

fn main() {}
