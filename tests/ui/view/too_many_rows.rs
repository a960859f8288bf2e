use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s0", kind = "user")]
    async fn s0(&mut self, ctx: ViewContext) { let _ = ctx; }
    #[select(custom_id = "s1", kind = "user")]
    async fn s1(&mut self, ctx: ViewContext) { let _ = ctx; }
    #[select(custom_id = "s2", kind = "user")]
    async fn s2(&mut self, ctx: ViewContext) { let _ = ctx; }
    #[select(custom_id = "s3", kind = "user")]
    async fn s3(&mut self, ctx: ViewContext) { let _ = ctx; }
    #[select(custom_id = "s4", kind = "user")]
    async fn s4(&mut self, ctx: ViewContext) { let _ = ctx; }
    #[button(custom_id = "b", label = "B")]
    async fn b(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
