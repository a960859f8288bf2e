use twilight_views::prelude::*;

struct V;

impl V {
    #[button(custom_id = "a", label = "A")]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
