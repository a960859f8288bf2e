use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "b0", label = "0", row = 1)]
    async fn b0(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    #[button(custom_id = "b1", label = "1", row = 1)]
    async fn b1(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    #[button(custom_id = "b2", label = "2", row = 1)]
    async fn b2(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    #[button(custom_id = "b3", label = "3", row = 1)]
    async fn b3(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    #[button(custom_id = "b4", label = "4", row = 1)]
    async fn b4(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    #[button(custom_id = "b5", label = "5", row = 1)]
    async fn b5(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
