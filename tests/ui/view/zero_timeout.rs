use twilight_views::prelude::*;

#[view(timeout = 0)]
struct V;

fn main() {}
