//! `examples/support/commands.rs`: discord.py's `when_mentioned_or('$')` and
//! `when_mentioned`.

use super::confirm::example::support::commands::{PREFIX, arguments, mentioned_arguments};
use twilight_model::id::Id;

#[test]
fn prefix_or_mention_then_the_name() {
    let me = Some(Id::new(42));
    assert_eq!(arguments("$ask", PREFIX, me, "ask"), Some(""));
    assert_eq!(
        arguments("$google  rust lang ", PREFIX, me, "google"),
        Some("rust lang")
    );
    assert_eq!(arguments("<@42> ask", PREFIX, me, "ask"), Some(""));
    assert_eq!(
        arguments("<@!42> google  x", PREFIX, me, "google"),
        Some("x")
    );
    // Another name, a longer name, another bot, no prefix, no space after
    // the mention (discord.py's `when_mentioned` expects one).
    assert_eq!(arguments("$colour", PREFIX, me, "ask"), None);
    assert_eq!(arguments("$asking", PREFIX, me, "ask"), None);
    assert_eq!(arguments("<@43> ask", PREFIX, me, "ask"), None);
    assert_eq!(arguments("ask", PREFIX, me, "ask"), None);
    assert_eq!(arguments("<@42>ask", PREFIX, me, "ask"), None);
    // Before READY the mention is unknown.
    assert_eq!(arguments("<@42> ask", PREFIX, None, "ask"), None);
}

#[test]
fn mention_only() {
    let me = Some(Id::new(42));
    assert_eq!(
        mentioned_arguments("<@42> counter", me, "counter"),
        Some("")
    );
    assert_eq!(
        mentioned_arguments("<@!42>  counter  x ", me, "counter"),
        Some("x")
    );
    // discord.py's `when_mentioned` takes no other prefix.
    assert_eq!(mentioned_arguments("$counter", me, "counter"), None);
    assert_eq!(mentioned_arguments("counter", me, "counter"), None);
    assert_eq!(mentioned_arguments("<@43> counter", me, "counter"), None);
    assert_eq!(mentioned_arguments("<@42> counters", me, "counter"), None);
    assert_eq!(mentioned_arguments("<@42> counter", None, "counter"), None);
}
