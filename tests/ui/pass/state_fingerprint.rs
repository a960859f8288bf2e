//! The example of `StateFingerprint`'s documentation, compiled.
use twilight_views::prelude::*;
use twilight_views::view::StateFingerprint;

#[view(persistent, fingerprint)]
#[derive(Serialize, Deserialize)]
struct Poll {
    question: String,
    votes: Vec<u64>,
    /// Bumped by every handler that changes the poll.
    revision: u64,
}

impl StateFingerprint for Poll {
    fn fingerprint(&self) -> u64 {
        self.revision
    }
}

#[view]
impl Poll {
    #[button(custom_id = "poll:yes", label = "Yes")]
    async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
        let voter = ctx.user_id().map_or(0, |id| id.get());
        if self.votes.contains(&voter) {
            // Unchanged: no serialisation, no write.
            return ctx.respond_ephemeral("You already voted.").await;
        }
        self.votes.push(voter);
        self.revision += 1;
        ctx.respond_ephemeral("Counted.").await
    }
}

fn main() {
    let poll = Poll {
        question: "Tea?".to_owned(),
        votes: Vec::new(),
        revision: 0,
    };
    let _ = (&poll.question, poll.components());
}
