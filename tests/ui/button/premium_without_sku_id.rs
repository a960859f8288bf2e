use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(style = "premium")]
    const BUY: () = ();
}

fn main() {}
