use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s", options = [option(label = "Red", value = "red")])]
    async fn s(&mut self, ctx: ViewContext, values: Vec<u64>) { let _ = (ctx, values); }
}

fn main() {}
