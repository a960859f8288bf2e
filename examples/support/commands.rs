//! Text commands as discord.py's `commands.Bot(command_prefix=
//! commands.when_mentioned_or('$'))` reads them: `$name args` or
//! `@bot name args`.

use twilight_model::id::{Id, marker::UserMarker};

/// The prefix of discord.py's view examples.
pub const PREFIX: &str = "$";

/// The arguments of command `name` if `content` invokes it with `prefix` or
/// a mention of the bot (`me`, known once READY arrived): `Some("")` for
/// none. Like discord.py, the name must be followed by whitespace or the
/// end, and the arguments are trimmed.
pub fn arguments<'a>(
    content: &'a str,
    prefix: &str,
    me: Option<Id<UserMarker>>,
    name: &str,
) -> Option<&'a str> {
    let rest = content.strip_prefix(prefix).or_else(|| {
        let me = me?;
        // Both mention forms Discord sends, then the space discord.py's
        // `when_mentioned` expects.
        [format!("<@{me}> "), format!("<@!{me}> ")]
            .iter()
            .find_map(|mention| content.strip_prefix(mention.as_str()))
            .map(str::trim_start)
    })?;
    let after = rest.strip_prefix(name)?;
    if after.is_empty() || after.starts_with(char::is_whitespace) {
        Some(after.trim())
    } else {
        None
    }
}
