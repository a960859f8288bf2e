use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s", options = [option(label = "l", value = "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv")])]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
