use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s", max_values = 2, options = [option(label = "Red", value = "red")])]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
