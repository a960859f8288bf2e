use twilight_model::id::{Id, marker::ChannelMarker};
use twilight_views::prelude::*;

#[view(persistent)]
struct V {
    channel: Option<Id<ChannelMarker>>,
}

#[view]
impl V {
    #[select(custom_id = "s", kind = "user", default_values = self.channel)]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
