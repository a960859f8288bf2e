use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s", kind = "role", min_values = 26)]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
