use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s", options = [option(label = "Red", value = "red")])]
    const S: () = ();
}

fn main() {}
