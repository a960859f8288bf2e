use twilight_model::id::{Id, marker::GenericMarker};
use twilight_views::prelude::*;

#[modal(title = "Notify", custom_id = "notify")]
struct Form {
    #[select(kind = "mentionable", label = "Who", min_values = 4, max_values = 2)]
    who: Vec<Id<GenericMarker>>,
}

fn main() {}
