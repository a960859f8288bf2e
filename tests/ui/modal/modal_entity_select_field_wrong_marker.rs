use twilight_model::id::{Id, marker::RoleMarker};
use twilight_views::prelude::*;

#[modal(title = "Invite", custom_id = "invite")]
struct Form {
    #[select(kind = "user", label = "Who")]
    who: Vec<Id<RoleMarker>>,
}

fn main() {}
