use twilight_views::prelude::*;

#[view(persistent)]
struct V { done: bool }

#[view]
impl V {
    #[button(custom_id = "a", label = "A", style = if self.done { ButtonStyle::Link } else { ButtonStyle::Primary })]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
