use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[layout]
    fn layout(&self) {
        section(text("a"), accessory = pick);
        row(go);
    }

    #[button(custom_id = "v:go", label = "Go")]
    async fn go(&self, _ctx: ViewContext) {}
    #[select(custom_id = "v:pick", kind = "user")]
    async fn pick(&self, _ctx: ViewContext) {}
}

fn main() {}
