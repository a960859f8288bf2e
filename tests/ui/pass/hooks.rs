//! Hooks defined in the `#[view]` impl override the trait's defaults.
use twilight_views::prelude::*;
use twilight_views::HandlerError;
use twilight_views::__private::twilight_model::id::{Id, marker::RoleMarker};

#[view(persistent)]
struct Owned {
    owner: u64,
    timed_out: bool,
}

#[view]
impl Owned {
    #[button(custom_id = "owned:poke", label = "Poke")]
    async fn poke(&self, _ctx: ViewContext) {}

    #[select(custom_id = "owned:roles", kind = "role", disabled, min_values = 0, max_values = 3)]
    async fn roles(&mut self, _ctx: ViewContext, ids: Vec<Id<RoleMarker>>) -> ViewResult {
        self.owner = ids.len() as u64;
        Ok(())
    }

    async fn interaction_check(&self, ctx: &ViewContext) -> bool {
        ctx.custom_id().len() as u64 != self.owner
    }

    async fn on_error(&mut self, _ctx: &ViewContext, _error: &HandlerError) {}

    async fn on_timeout(&mut self) {
        self.timed_out = true;
    }
}

fn main() {
    let mut view = Owned { owner: 1, timed_out: false };
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    rt.block_on(View::on_timeout(&mut view));
    assert!(view.timed_out);
}
