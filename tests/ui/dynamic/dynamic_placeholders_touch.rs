use twilight_views::prelude::*;
use twilight_views::__private::twilight_model::id::{Id, marker::RoleMarker};

#[view(persistent)]
struct V {
    role_id: Id<RoleMarker>,
}

#[view]
impl V {
    #[button(custom_id = "role:{role_id}{page}", label = "Toggle")]
    async fn toggle(&self, ctx: ViewContext, role_id: Id<RoleMarker>, page: u32) -> ViewResult { let _ = (ctx, role_id, page); Ok(()) }
}

fn main() {}
