use twilight_views::prelude::*;

#[view]
struct V;

trait T {}

#[view]
impl T for V {}

fn main() {}
