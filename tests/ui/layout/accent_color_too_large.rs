use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[layout]
    fn layout(&self) {
        container(text("a"), row(go), accent_color = 0x1000000);
    }

    #[button(custom_id = "v:go", label = "Go")]
    async fn go(&self, _ctx: ViewContext) {}
}

fn main() {}
