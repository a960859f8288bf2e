//! Both ways into the router: the router test suites dispatch every test
//! interaction through [`entry`], which hands it over parsed (as
//! `dispatch(Interaction)` gets it) or, when the suite runs through the raw
//! entry, as its JSON text read by the routing-only parse
//! (`RawInteraction::from_body`), as an HTTP interactions endpoint does.
//!
//! A suite runs through both by holding one test,
//! `#[test] fn through_the_raw_entry() { rerun_through_raw_entry("through_the_raw_entry") }`,
//! which runs the suite's binary again with [`RAW_ENTRY_ENV`] set (a
//! stateful test cannot dispatch one click twice, so each entry gets a
//! whole run of its own).

use std::process::Command;

use twilight_model::application::interaction::{Interaction, InteractionData, InteractionType};
use views_core::{OwnedInteraction, RawInteraction};

/// Set (to anything) in the run that goes through the raw entry.
pub const RAW_ENTRY_ENV: &str = "TWILIGHT_VIEWS_TEST_RAW_ENTRY";

/// Whether this run dispatches through the raw entry.
pub fn raw_entry() -> bool {
    std::env::var_os(RAW_ENTRY_ENV).is_some()
}

/// `interaction` as this run's entry takes it. Through the raw entry, an
/// interaction the routing-only parse does not take (a command, a
/// malformed click) goes in parsed, as a bot hands such an event to
/// `dispatch` after twilight parsed it.
pub fn entry(interaction: impl Into<OwnedInteraction>) -> OwnedInteraction {
    let interaction = interaction.into();
    if !raw_entry() {
        return interaction;
    }
    let parsed: Interaction = interaction.into_interaction();
    // A click or a submission twilight parsed must be one the routing-only
    // parse takes: otherwise this run would not test the raw entry.
    let routable = matches!(
        (parsed.kind, &parsed.data),
        (
            InteractionType::MessageComponent,
            Some(InteractionData::MessageComponent(_))
        ) | (
            InteractionType::ModalSubmit,
            Some(InteractionData::ModalSubmit(_))
        )
    );
    let body = serde_json::to_vec(&parsed).expect("a parsed interaction serialises");
    match RawInteraction::from_body(body) {
        Ok(raw) => raw.into(),
        Err(body) => {
            assert!(
                !routable,
                "the routing-only parse refuses a click twilight parses: {}",
                String::from_utf8_lossy(&body)
            );
            parsed.into()
        }
    }
}

/// Runs the calling test binary again with [`RAW_ENTRY_ENV`] set, every
/// test but `this_test` (the one calling), and fails if any test fails
/// there. Does nothing in that second run.
pub fn rerun_through_raw_entry(this_test: &str) {
    if raw_entry() {
        return;
    }
    let binary = std::env::current_exe().expect("the test binary's path");
    let output = Command::new(binary)
        .env(RAW_ENTRY_ENV, "1")
        .args(["--skip", this_test, "--test-threads", "2"])
        .output()
        .expect("the test binary runs again");
    assert!(
        output.status.success(),
        "the suite fails through the raw entry:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
