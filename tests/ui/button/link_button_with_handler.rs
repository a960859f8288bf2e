use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(url = "https://docs.rs", label = "Docs")]
    async fn docs(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
