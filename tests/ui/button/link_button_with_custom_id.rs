use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(url = "https://docs.rs", label = "Docs", custom_id = "docs")]
    const DOCS: () = ();
}

fn main() {}
