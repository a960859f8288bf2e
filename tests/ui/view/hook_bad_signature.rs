use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "a", label = "A")]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    async fn interaction_check(&mut self, ctx: &ViewContext) -> bool {
        let _ = ctx;
        true
    }
}

fn main() {}
