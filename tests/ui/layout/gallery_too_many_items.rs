use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[layout]
    fn layout(&self) {
        gallery(media("https://x.y/0.png"), media("https://x.y/1.png"), media("https://x.y/2.png"), media("https://x.y/3.png"), media("https://x.y/4.png"), media("https://x.y/5.png"), media("https://x.y/6.png"), media("https://x.y/7.png"), media("https://x.y/8.png"), media("https://x.y/9.png"), media("https://x.y/10.png"));
        row(go);
    }

    #[button(custom_id = "v:go", label = "Go")]
    async fn go(&self, _ctx: ViewContext) {}
}

fn main() {}
