use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[layout]
    fn layout(&self) {
        container(
            section(text("0"), accessory = thumbnail("https://x.y/0.png")),
            section(text("1"), accessory = thumbnail("https://x.y/1.png")),
            section(text("2"), accessory = thumbnail("https://x.y/2.png")),
            section(text("3"), accessory = thumbnail("https://x.y/3.png")),
            section(text("4"), accessory = thumbnail("https://x.y/4.png")),
            section(text("5"), accessory = thumbnail("https://x.y/5.png")),
            section(text("6"), accessory = thumbnail("https://x.y/6.png")),
            section(text("7"), accessory = thumbnail("https://x.y/7.png")),
            section(text("8"), accessory = thumbnail("https://x.y/8.png")),
            section(text("9"), accessory = thumbnail("https://x.y/9.png")),
            section(text("10"), accessory = thumbnail("https://x.y/10.png")),
            section(text("11"), accessory = thumbnail("https://x.y/11.png")),
            section(text("12"), accessory = thumbnail("https://x.y/12.png")),
            row(go),
        );
    }

    #[button(custom_id = "v:go", label = "Go")]
    async fn go(&self, _ctx: ViewContext) {}
}

fn main() {}
