use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "vote", label = "Yes")]
    async fn yes(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    #[button(custom_id = "vote", label = "No")]
    async fn no(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
