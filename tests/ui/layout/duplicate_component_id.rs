use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[layout]
    fn layout(&self) {
        text("a", id = 1);
        text("b", id = 1);
        row(go);
    }

    #[button(custom_id = "v:go", label = "Go")]
    async fn go(&self, _ctx: ViewContext) {}
}

fn main() {}
