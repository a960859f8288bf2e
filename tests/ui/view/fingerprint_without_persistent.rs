use twilight_views::prelude::*;
use twilight_views::view::StateFingerprint;

// Only a stored view's state is serialised: a fingerprint elsewhere would
// never be read.
#[view(fingerprint)]
struct V {
    revision: u64,
}

impl StateFingerprint for V {
    fn fingerprint(&self) -> u64 {
        self.revision
    }
}

#[view]
impl V {
    #[button(label = "A")]
    async fn a(&mut self, ctx: ViewContext) -> ViewResult { let _ = ctx; Ok(()) }
}

fn main() {}
