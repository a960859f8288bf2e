use twilight_model::id::{Id, marker::UserMarker};
use twilight_views::prelude::*;

#[modal(title = "Invite", custom_id = "invite")]
struct Form {
    #[select(kind = "user", label = "Who", channel_types = ["text"])]
    who: Id<UserMarker>,
}

fn main() {}
