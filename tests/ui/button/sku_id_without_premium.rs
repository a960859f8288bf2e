use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[button(url = "https://example.com", label = "Shop", sku_id = 1088510058284990888)]
    const SHOP: () = ();
}

fn main() {}
