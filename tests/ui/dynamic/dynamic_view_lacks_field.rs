use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "page:{page}", label = "Go")]
    async fn go(&self, ctx: ViewContext, page: u32) -> ViewResult { let _ = (ctx, page); Ok(()) }
}

fn main() {}
