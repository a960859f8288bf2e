use twilight_views::prelude::*;

#[view(persistent = true)]
struct V;

fn main() {}
