use twilight_views::prelude::*;

#[view(persistent)]
struct V { count: u64 }

#[view]
impl V {
    #[button(custom_id = "a", label = self.count)]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
