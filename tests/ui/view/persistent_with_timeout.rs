use twilight_views::prelude::*;

// The impl block compiles: only the struct's error is reported.
#[view(persistent, timeout = 60)]
struct V;

#[view]
impl V {
    #[button(custom_id = "a", label = "A")]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
