use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s")]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
