//! The sandbox web page in a real browser: headless Chromium, driven over
//! WebDriver, runs the examples the way a developer would, one module per
//! scenario (`common` holds the page helpers they share).
//!
//! `counter` uses the counter example: it posts `!view`, clicks Increment
//! three times and sees the three ephemeral replies (1-3), the bot restarts
//! (a new router on the same store, the same sandbox), a fourth click
//! shows 4. The final page is saved as
//! `target/screenshots/sandbox.png` (and `docs/images/sandbox.png` with
//! `TWILIGHT_VIEWS_UPDATE_SCREENSHOTS=1`).
//!
//! A second test types `/counter` in the message box, picks the command,
//! runs it, and clicks Increment on the view the bot answers with
//! (`docs/images/slash-counter.png`).
//!
//! A third pages through the paginator example's `mirunav` navigator: ▶,
//! ⏭, "Jump to page" through the page's modal dialog, a bot restart, ▶
//! again from where it was (`docs/images/paginator.png`).
//!
//! A fourth opens the settings example's Components V2 panel, changes
//! every setting (the count through its dialog, the toggle, the fruit,
//! channel and member selects), restarts the bot, reloads the page and
//! sees them kept, then changes one more and sends the message they
//! describe (`docs/images/settings.png`).
//!
//! Another runs the modal_report example's `/report` from the picker,
//! fills in its dialog, uploads an image through the file picker, and sees
//! the report's container with the image in its gallery
//! (`docs/images/modal-report.png`).
//!
//! `gallery` runs each of the other examples once, in one browser: its
//! trigger, the clicks that show what it does, the page's messages checked
//! line by line, and the chat column saved as `docs/images/NAME.png` for
//! the table in docs/examples.md.
//!
//! Needs Debian's `chromium` and `chromium-driver` (installed by `.ci/run`).
//! Without them the test says SKIPPED and passes on a developer machine;
//! under `CI=true` it fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Each example is a whole program with its own `#[path]` include of
// examples/support: included here as it is, once per example.
#![allow(clippy::duplicate_mod)]

#[path = "../support/mod.rs"]
mod support;

mod common;
mod counter;
mod gallery;
mod modal_report;
mod paginator;
mod settings;
