use twilight_model::id::{Id, marker::RoleMarker};
use twilight_views::prelude::*;

#[modal(title = "Roles", custom_id = "roles")]
struct Form {
    #[select(kind = "role", label = "Roles", options = [option(label = "A", value = "a")])]
    roles: Vec<Id<RoleMarker>>,
}

fn main() {}
