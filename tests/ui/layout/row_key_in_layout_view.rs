use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[layout]
    fn layout(&self) {
        row(go);
    }

    #[button(custom_id = "v:go", label = "Go", row = 1)]
    async fn go(&self, _ctx: ViewContext) {}
}

fn main() {}
