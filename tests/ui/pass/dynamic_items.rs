//! Dynamic items: templates on buttons and selects, typed fields, the
//! generated constructors.
use twilight_views::prelude::*;
use twilight_views::__private::twilight_model::id::{Id, marker::RoleMarker};

#[view(persistent)]
struct Roles {
    role_id: Id<RoleMarker>,
    topic: String,
}

#[view]
impl Roles {
    #[button(custom_id = "role:{role_id}", label = "Toggle")]
    async fn toggle(&self, ctx: ViewContext, role_id: Id<RoleMarker>) -> ViewResult {
        let _ = (ctx, role_id);
        Ok(())
    }

    #[select(custom_id = "topic:{topic}:pick", options = [option(label = "a", value = "a")])]
    async fn pick(&self, ctx: ViewContext, values: Vec<String>, topic: String) -> ViewResult {
        let _ = (ctx, values, topic);
        Ok(())
    }

    #[button(custom_id = "roles:static", label = "Static")]
    async fn fixed(&self, ctx: ViewContext) -> ViewResult {
        let _ = ctx;
        Ok(())
    }
}

fn main() {
    let id: Result<String, twilight_views::CustomIdError> =
        Roles::toggle_custom_id(Id::<RoleMarker>::new(5));
    assert_eq!(id.ok().as_deref(), Some("role:5"));
    assert_eq!(
        Roles::pick_custom_id("x".to_owned()).ok().as_deref(),
        Some("topic:x:pick")
    );
}
