use twilight_views::prelude::*;

#[view(persistent, timeout = 60)]
struct V;

fn main() {}
