use twilight_views::prelude::*;

struct V;

impl V {
    #[select(custom_id = "s", kind = "user")]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
