use std::rc::Rc;

use twilight_views::prelude::*;

#[view(persistent)]
struct V;

async fn later() {}

#[view]
impl V {
    #[button(custom_id = "a", label = "A")]
    async fn a(&mut self, ctx: ViewContext) {
        let _ = ctx;
        let shared = Rc::new(1);
        later().await;
        drop(shared);
    }
}

fn main() {}
