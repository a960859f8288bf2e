use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(style = "premium", sku_id = 1088510058284990888, label = "Buy")]
    const BUY: () = ();
}

fn main() {}
