use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(kind = "user", placeholder = "Pick someone")]
    async fn pick(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
