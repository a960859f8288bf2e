use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "tvi:0", label = "A")]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
