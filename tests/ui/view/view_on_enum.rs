use twilight_views::prelude::*;

#[view]
enum V { A }

fn main() {}
