//! The components `#[view]` renders, compared with the exact JSON Discord
//! expects.
#![allow(clippy::unwrap_used, missing_docs)]

use serde_json::json;
use twilight_views::prelude::*;

#[view(persistent)]
#[derive(Serialize, Deserialize)]
struct Counter {
    count: u64,
}

#[view]
impl Counter {
    #[button(
        custom_id = "counter:increment",
        label = "Increment",
        style = "primary"
    )]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        let _ = ctx;
        Ok(())
    }
}

#[test]
fn counter_renders_the_json_discord_expects() {
    let components = Counter { count: 0 }.components();
    assert_eq!(
        serde_json::to_value(&components).unwrap(),
        json!([{"type": 1, "components": [
            {"type": 2, "custom_id": "counter:increment", "label": "Increment", "style": 1}
        ]}])
    );
}
