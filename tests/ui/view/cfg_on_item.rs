use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[cfg(debug_assertions)]
    #[button(custom_id = "a", label = "A")]
    async fn a(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
