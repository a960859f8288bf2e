use twilight_views::prelude::*;

#[view(persistent)]
struct V {
    sizes: Vec<u32>,
}

#[view]
impl V {
    #[layout]
    fn layout(&self) {
        gallery(items = &self.sizes);
        row(go);
    }

    #[button(custom_id = "v:go", label = "Go")]
    async fn go(&self, _ctx: ViewContext) {}
}

fn main() {}
