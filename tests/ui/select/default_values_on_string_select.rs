use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s", default_values = Vec::<u64>::new(), options = [option(label = "Red", value = "red")])]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
