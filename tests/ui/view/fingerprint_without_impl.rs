use twilight_views::prelude::*;

// `fingerprint` asks the router to call `StateFingerprint::fingerprint`,
// which this struct does not implement.
#[view(persistent, fingerprint)]
#[derive(Serialize, Deserialize)]
struct V {
    count: u64,
}

#[view]
impl V {
    #[button(custom_id = "a", label = "A")]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
