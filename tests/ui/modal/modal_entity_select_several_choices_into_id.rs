use twilight_model::id::{Id, marker::UserMarker};
use twilight_views::prelude::*;

#[modal(title = "Invite", custom_id = "invite")]
struct Form {
    #[select(kind = "user", label = "Who", max_values = 3)]
    who: Id<UserMarker>,
}

fn main() {}
