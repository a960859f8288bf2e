use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "b", label = "B")]
    async fn b(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    #[select(custom_id = "s", kind = "user", row = 0)]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
