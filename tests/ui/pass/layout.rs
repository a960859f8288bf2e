//! Every layout component, with literal and computed values, ids, and
//! items placed in rows and as accessories.
use twilight_views::prelude::*;

#[view(persistent)]
#[derive(Serialize, Deserialize)]
struct Panel {
    count: u32,
    url: String,
    silent: bool,
}

impl Panel {
    fn status(&self) -> String {
        if self.silent { "Silent".to_owned() } else { "Loud".to_owned() }
    }
}

#[view]
impl Panel {
    #[layout]
    fn layout(&self) {
        container(
            text("# Settings\n-# literal {{braces}} stay", id = 1),
            separator(spacing = "large"),
            section(
                text("Count: {}", self.count),
                text("Twice: {twice}", twice = self.count * 2),
                text(self.status()),
                accessory = increment,
            ),
            section(text("Picture"), accessory = thumbnail(self.url.clone(), description = "A dog", spoiler)),
            gallery(media("https://x.y/a.png"), media("attachment://b.png", description = "b", spoiler = self.silent)),
            file("attachment://report.pdf", spoiler),
            separator(divider = false, spacing = "small"),
            row(pick),
            accent_color = if self.silent { None } else { Some(0x5865F2) },
            spoiler = self.silent,
            id = 2,
        );
        separator;
        row(finish, DOCS, BUY, id = 3);
    }

    #[button(custom_id = "panel:inc", label = format!("{}", self.count), id = 10)]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        ctx.update_view(self).await
    }

    #[select(custom_id = "panel:pick", kind = "user", max_values = 5)]
    async fn pick(&mut self, ctx: ViewContext) -> ViewResult {
        ctx.update_view(self).await
    }

    #[button(custom_id = "panel:finish", label = "Finish", style = "success")]
    async fn finish(&self, _ctx: ViewContext) {}

    #[button(url = "https://docs.rs", label = "Docs")]
    const DOCS: () = ();

    #[button(style = "premium", sku_id = 1088510058284990888)]
    const BUY: () = ();
}

fn main() {
    assert!(<Panel as View>::LAYOUT);
    let panel = Panel { count: 2, url: "https://x.y/dog.png".to_owned(), silent: false };
    let message = panel.message().unwrap();
    assert!(message.is_layout());
}
