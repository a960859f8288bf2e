use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(url = "docs.rs", label = "Docs")]
    const DOCS: () = ();
}

fn main() {}
