use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "a", label = "A")]
    async fn a(&mut self, ctx: ViewContext) -> u32 { let _ = ctx; 0 }
}

fn main() {}
