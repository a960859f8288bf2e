//! [`StateFingerprint`]: a cheap change check for a stored view's state.

/// A cheap check of whether a stored view's state changed, so that a
/// `&mut self` click that changed nothing is neither serialised nor written.
///
/// After every `&mut self` handler of a stored view the router serialises
/// the view and compares the bytes with the stored row, and writes only when
/// they differ. For a large state that serialisation is most of a click.
/// With `#[view(persistent, fingerprint)]` on the struct and this trait
/// implemented, the router takes the fingerprint before the handler runs
/// and again after it: equal means unchanged, and the click ends without
/// serialising anything (the lease is released, nothing is written).
/// Different means the state is serialised and compared as before, so a
/// fingerprint that changes too often only costs the serialisation.
///
/// The one rule: the fingerprint must change whenever the serialised state
/// does. A change that leaves it equal is not saved. Good fingerprints are
/// a revision counter the handlers bump when they change something, the
/// state itself when it is a number or two, or a hash of the few fields
/// handlers change.
///
/// With the `twilight-views` facade (this example is compiled as
/// `tests/ui/pass/state_fingerprint.rs`):
///
/// ```ignore
/// use twilight_views::prelude::*;
/// use twilight_views::view::StateFingerprint;
///
/// #[view(persistent, fingerprint)]
/// #[derive(Serialize, Deserialize)]
/// struct Poll {
///     question: String,
///     votes: Vec<u64>,
///     /// Bumped by every handler that changes the poll.
///     revision: u64,
/// }
///
/// impl StateFingerprint for Poll {
///     fn fingerprint(&self) -> u64 {
///         self.revision
///     }
/// }
///
/// #[view]
/// impl Poll {
///     #[button(custom_id = "poll:yes", label = "Yes")]
///     async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
///         let voter = ctx.user_id().map_or(0, |id| id.get());
///         if self.votes.contains(&voter) {
///             // Unchanged: no serialisation, no write.
///             return ctx.respond_ephemeral("You already voted.").await;
///         }
///         self.votes.push(voter);
///         self.revision += 1;
///         ctx.respond_ephemeral("Counted.").await
///     }
/// }
/// ```
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#skipping-the-serialisation-of-unchanged-state).
#[diagnostic::on_unimplemented(
    message = "`{Self}` asks for a state fingerprint but does not implement `StateFingerprint`",
    label = "`#[view(fingerprint)]` needs `impl StateFingerprint for {Self}`",
    note = "add `impl StateFingerprint for {Self} {{ fn fingerprint(&self) -> u64 {{ ... }} }}`, \
            or remove `fingerprint` from `#[view(...)]`"
)]
pub trait StateFingerprint {
    /// A value that changes whenever the serialised state does.
    fn fingerprint(&self) -> u64;
}
