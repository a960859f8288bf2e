use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s", kind = "user", min_values = 3, max_values = 2)]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
