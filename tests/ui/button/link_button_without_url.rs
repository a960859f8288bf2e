use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(label = "Docs")]
    const DOCS: () = ();
}

fn main() {}
