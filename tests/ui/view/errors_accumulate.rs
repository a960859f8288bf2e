use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "a", lable = "A")]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
    #[button(custom_id = "b", label = "B")]
    async fn b(self, ctx: ViewContext) { let _ = ctx; }
    #[select(custom_id = "s", kind = "user", max_values = 30)]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }

    fn helper(&self) -> u32 {
        7
    }
}

fn uses_the_view(v: &V) -> u32 {
    // Still compiles: the fallback keeps the user's items.
    v.helper()
}

fn main() {
    let _ = uses_the_view;
}
