use twilight_views::prelude::*;

#[view(persistent)]
struct V { count: u64 }

#[view]
impl V {
    // discord.py's names are only accepted as literals, checked at compile time.
    #[button(custom_id = "a", label = "A", style = if self.count >= 5 { "success" } else { "danger" })]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
