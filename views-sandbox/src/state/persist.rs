//! The state file: guilds, channels, users and messages (with their
//! components) as JSON, so a restarted sandbox shows the same messages and
//! their buttons still reach the bot, and the application commands the bot
//! registered and the members' timeouts (Discord keeps them too).
//! Interactions, replies and gateway sessions are not kept: they belong to
//! one run.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use twilight_model::id::Id;
use twilight_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use twilight_model::user::User;

use super::commands::Commands;
use super::fixtures::{Fixtures, add_bot};
use super::members::Members;
use super::records::{ChannelInfo, StoredMessage};
use super::world::World;
use crate::error::{SandboxError, SandboxErrorKind};

/// Bumped when the layout changes incompatibly.
const VERSION: u32 = 1;

/// What the file holds.
#[derive(Serialize, Deserialize)]
pub(crate) struct Snapshot {
    version: u32,
    /// The id counter, so new ids never repeat stored ones.
    counter: u64,
    /// The fixtures (`Sandbox::fixtures`): default guild, channel, users.
    guild_id: Id<GuildMarker>,
    channel_id: Id<ChannelMarker>,
    fixture_users: Vec<Id<UserMarker>>,
    guilds: Vec<u64>,
    channels: Vec<ChannelInfo>,
    users: Vec<User>,
    messages: Vec<StoredMessage>,
    /// Absent from files written before commands existed.
    #[serde(default)]
    commands: Commands,
    /// Members' timeouts; absent from files written before them.
    #[serde(default)]
    members: Members,
}

pub(crate) fn file_error(
    path: &Path,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> SandboxError {
    SandboxError::with_source(
        SandboxErrorKind::StateFile {
            path: path.to_owned(),
        },
        source,
    )
}

/// Reads the file; `Ok(None)` when it does not exist yet.
pub(crate) fn load(path: &Path) -> Result<Option<Snapshot>, SandboxError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(file_error(path, error)),
    };
    let snapshot: Snapshot = serde_json::from_slice(&bytes).map_err(|e| {
        file_error(
            path,
            format!("{e} (not a sandbox state file? delete it to start afresh)"),
        )
    })?;
    if snapshot.version != VERSION {
        return Err(file_error(
            path,
            format!(
                "version {} is not supported (expected {VERSION}); delete it to start afresh",
                snapshot.version
            ),
        ));
    }
    Ok(Some(snapshot))
}

/// Fills a fresh world from the file; the bot user comes from the
/// configuration.
pub(crate) fn restore(
    state: &mut World,
    snapshot: &Snapshot,
    application_id: u64,
) -> Result<Fixtures, SandboxError> {
    state.set_counter(snapshot.counter);
    state.guilds.clone_from(&snapshot.guilds);
    for channel in &snapshot.channels {
        state.channels.insert(channel.id.get(), channel.clone());
    }
    for user in &snapshot.users {
        state.users.insert(user.id.get(), user.clone());
    }
    for message in &snapshot.messages {
        state
            .messages
            .insert(message.message.id.get(), message.clone());
    }
    state.commands = snapshot.commands.clone();
    state.members = snapshot.members.clone();
    let users = snapshot
        .fixture_users
        .iter()
        .map(|id| {
            state.users.get(&id.get()).cloned().ok_or(SandboxError::new(
                SandboxErrorKind::UnknownUser { id: id.get() },
            ))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let bot = add_bot(state, application_id)?;
    Ok(Fixtures {
        guild_id: snapshot.guild_id,
        channel_id: snapshot.channel_id,
        users,
        bot,
    })
}

/// Writes the state atomically: a temporary file next to `path`, then a
/// rename, so a crash mid-write leaves the previous file intact.
pub(crate) fn save(path: &Path, state: &World, fixtures: &Fixtures) -> Result<(), SandboxError> {
    let snapshot = Snapshot {
        version: VERSION,
        counter: state.counter(),
        guild_id: fixtures.guild_id,
        channel_id: fixtures.channel_id,
        fixture_users: fixtures.users.iter().map(|u| u.id).collect(),
        guilds: state.guilds.clone(),
        channels: state.channels.values().cloned().collect(),
        // The bot user comes from the configuration at every start.
        users: state
            .users
            .values()
            .filter(|u| u.id != fixtures.bot.id)
            .cloned()
            .collect(),
        messages: state.messages.values().cloned().collect(),
        commands: state.commands.clone(),
        members: state.members.clone(),
    };
    let bytes = serde_json::to_vec_pretty(&snapshot).map_err(|e| file_error(path, e))?;
    let temp = temp_path(path);
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        file_error(path, e)
    })
}

/// `dir/name.tmp` for `dir/name`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(ToOwned::to_owned).unwrap_or_default();
    name.push(".tmp");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::temp_path;
    use std::path::Path;

    #[test]
    fn temp_file_sits_next_to_the_state_file() {
        assert_eq!(
            temp_path(Path::new("/a/b/state.json")),
            Path::new("/a/b/state.json.tmp")
        );
        assert_eq!(temp_path(Path::new("s.json")), Path::new("s.json.tmp"));
    }
}
