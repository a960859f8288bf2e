use twilight_views::prelude::*;

#[view(persistent)]
struct V {
    role_id: Vec<u8>,
}

#[view]
impl V {
    #[button(custom_id = "role:{role_id}", label = "Toggle")]
    async fn toggle(&self, ctx: ViewContext, role_id: Vec<u8>) -> ViewResult { let _ = (ctx, role_id); Ok(()) }
}

fn main() {}
