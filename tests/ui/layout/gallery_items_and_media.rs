use twilight_views::prelude::*;

#[view(persistent)]
struct V {
    pictures: Vec<String>,
}

#[view]
impl V {
    #[layout]
    fn layout(&self) {
        gallery(media("https://example.com/a.png"), items = &self.pictures);
        row(go);
    }

    #[button(custom_id = "v:go", label = "Go")]
    async fn go(&self, _ctx: ViewContext) {}
}

fn main() {}
