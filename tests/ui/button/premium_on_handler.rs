use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "v:buy", style = "premium", sku_id = 1088510058284990888)]
    async fn buy(&self, _ctx: ViewContext) {}
}

fn main() {}
