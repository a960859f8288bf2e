use std::marker::PhantomData;

use twilight_views::prelude::*;

#[view]
struct V<T: Send + Sync + 'static>(PhantomData<T>);

#[view]
impl<T: Send + Sync + 'static> V<T> {
    #[button(label = "A")]
    async fn a(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
