use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(custom_id = "a", label = "A")]
    fn a(&mut self, ctx: ViewContext) {
        let _ = ctx;
    }
}

fn main() {}
