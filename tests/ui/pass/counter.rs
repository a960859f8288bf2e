//! The counter view of DESIGN.md.
use twilight_views::ViewOptions;
use twilight_views::prelude::*;

#[view(persistent)]
#[derive(Serialize, Deserialize)]
struct Counter {
    count: u64,
}

#[view]
impl Counter {
    #[button(custom_id = "counter:increment", label = "Increment", style = "primary")]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        let _ = ctx;
        Ok(())
    }
}

fn main() {
    assert!(<Counter as ViewOptions>::PERSISTENT);
    assert_eq!(Counter::items().len(), 1);
}
