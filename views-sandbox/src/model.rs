//! Discord payloads built as JSON and passed through twilight-model's own
//! types, so everything the sandbox sends is something twilight parses.

use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::application::interaction::Interaction;
use twilight_model::channel::message::Message;
use twilight_model::user::User;
use twilight_model::util::Timestamp;

use crate::error::{SandboxError, SandboxErrorKind};

/// Upload cap reported in interactions (Discord's default 25 MiB... rounded).
const ATTACHMENT_SIZE_LIMIT: u64 = 26_214_400;
/// Permissions string for members and the app (all text permissions).
const PERMISSIONS: &str = "2248473465835073";

/// A user fixture.
pub(crate) fn user(id: u64, name: &str, bot: bool) -> Result<User, SandboxError> {
    parse(json!({
        "id": id.to_string(),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": null,
        "bot": bot,
    }))
}

/// The bot as `CurrentUser` (READY and `GET /users/@me`).
pub(crate) fn current_user(id: u64) -> Result<twilight_model::user::CurrentUser, SandboxError> {
    parse(json!({
        "id": id.to_string(),
        "username": "sandbox-bot",
        "discriminator": "0",
        "avatar": null,
        "bot": true,
        "mfa_enabled": false,
        "verified": true,
        "flags": 0,
    }))
}

/// The sandbox application (`GET /applications/@me`).
pub(crate) fn application(
    id: u64,
    bot: &User,
) -> Result<twilight_model::oauth::Application, SandboxError> {
    parse(json!({
        "id": id.to_string(),
        "name": "sandbox-app",
        "description": "views-sandbox application",
        "bot_public": true,
        "bot_require_code_grant": false,
        "rpc_origins": [],
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "flags": 0,
        "bot": bot,
        "owner": null,
    }))
}

/// A guild text channel (`GET /channels/{id}`).
pub(crate) fn channel(
    id: u64,
    guild_id: u64,
    name: &str,
) -> Result<twilight_model::channel::Channel, SandboxError> {
    parse(json!({
        "id": id.to_string(),
        "guild_id": guild_id.to_string(),
        "name": name,
        "type": 0,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": false,
    }))
}

/// Now as a Discord timestamp.
pub(crate) fn now() -> Value {
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX));
    Timestamp::from_micros(micros)
        .ok()
        .and_then(|t| serde_json::to_value(t).ok())
        .unwrap_or(Value::Null)
}

/// Fields of a new message.
pub(crate) struct NewMessage<'a> {
    pub(crate) id: u64,
    pub(crate) channel_id: u64,
    /// `None` in a DM.
    pub(crate) guild_id: Option<u64>,
    pub(crate) author: &'a User,
    pub(crate) webhook_id: Option<u64>,
    pub(crate) application_id: Option<u64>,
    /// Request body fields: content, components, embeds, flags.
    pub(crate) body: &'a Value,
    /// Users mentioned in the content (see [`mentioned_ids`]).
    pub(crate) mentions: &'a [User],
    /// `interaction_metadata` of interaction responses and follow-ups.
    pub(crate) interaction_metadata: Option<Value>,
    /// The deprecated `interaction` of responses to a command (its name,
    /// which `interaction_metadata` lacks).
    pub(crate) interaction: Option<Value>,
}

/// User ids mentioned as `<@id>` or `<@!id>` in `content`, in order, once each.
pub(crate) fn mentioned_ids(content: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find("<@") {
        rest = &rest[start + 2..];
        let digits = rest.strip_prefix('!').unwrap_or(rest);
        let end = digits.find('>').unwrap_or(0);
        if let Ok(id) = digits[..end].parse::<u64>()
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

/// Fills in what Discord adds to request embeds before it stores them
/// (`type: "rich"`, `inline: false` fields), so any client's minimal embed
/// forms a message.
fn response_embeds(embeds: &Value) -> Value {
    let mut embeds = embeds.clone();
    for embed in embeds.as_array_mut().into_iter().flatten() {
        let Some(embed) = embed.as_object_mut() else {
            continue;
        };
        embed.entry("type").or_insert_with(|| json!("rich"));
        for field in embed
            .get_mut("fields")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(field) = field.as_object_mut() {
                field.entry("inline").or_insert(json!(false));
            }
        }
    }
    embeds
}

/// Builds a message from a request body (or a user's text).
pub(crate) fn message(new: &NewMessage<'_>) -> Result<Message, SandboxError> {
    let field = |name: &str, default: Value| {
        new.body
            .get(name)
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(default)
    };
    let mut value = json!({
        "id": new.id.to_string(),
        "channel_id": new.channel_id.to_string(),
        "author": new.author,
        "content": field("content", json!("")),
        "components": field("components", json!([])),
        "embeds": response_embeds(&field("embeds", json!([]))),
        "flags": field("flags", json!(0)),
        "attachments": [],
        "mentions": new.mentions.iter().map(|u| json!({
            "id": u.id, "username": u.name, "discriminator": "0", "avatar": u.avatar,
            "bot": u.bot, "public_flags": 0,
        })).collect::<Vec<_>>(),
        "mention_roles": [],
        "mention_everyone": false,
        "pinned": false,
        "tts": false,
        "timestamp": now(),
        "edited_timestamp": null,
        "type": 0,
    });
    if let Some(guild_id) = new.guild_id {
        value["guild_id"] = json!(guild_id.to_string());
    }
    if let Some(webhook_id) = new.webhook_id {
        value["webhook_id"] = json!(webhook_id.to_string());
    }
    if let Some(metadata) = &new.interaction_metadata {
        value["interaction_metadata"] = metadata.clone();
    }
    if let Some(interaction) = &new.interaction {
        value["interaction"] = interaction.clone();
    }
    if let Some(application_id) = new.application_id {
        value["application_id"] = json!(application_id.to_string());
    }
    parse(value)
}

/// Applies an edit body (content, components, embeds, flags) to a message.
pub(crate) fn edit(message: &Message, body: &Value) -> Result<Message, SandboxError> {
    let mut value = serde_json::to_value(message)
        .map_err(|e| SandboxError::with_source(SandboxErrorKind::Model, e))?;
    for name in ["content", "components", "embeds", "flags"] {
        if let Some(field) = body.get(name) {
            value[name] = match (name, field.is_null()) {
                ("content", true) => json!(""),
                ("flags", true) => json!(0),
                (_, true) => json!([]),
                ("embeds", false) => response_embeds(field),
                _ => field.clone(),
            };
        }
    }
    value["edited_timestamp"] = now();
    parse(value)
}

/// Fields of a new interaction.
pub(crate) struct NewInteraction<'a> {
    pub(crate) id: u64,
    pub(crate) application_id: u64,
    pub(crate) token: &'a str,
    /// `None` in a DM with the bot.
    pub(crate) guild_id: Option<u64>,
    pub(crate) channel_id: u64,
    pub(crate) user: &'a User,
    /// 2 = application command, 3 = message component, 5 = modal submit.
    pub(crate) kind: u8,
    pub(crate) message: Option<&'a Message>,
    pub(crate) data: Value,
}

/// Builds an INTERACTION_CREATE payload: in a guild with the member, in
/// a DM with the bot with the user (and the DM context).
pub(crate) fn interaction(new: &NewInteraction<'_>) -> Result<Interaction, SandboxError> {
    let mut value = json!({
        "id": new.id.to_string(),
        "application_id": new.application_id.to_string(),
        "type": new.kind,
        "token": new.token,
        "version": 1,
        "channel_id": new.channel_id.to_string(),
        "app_permissions": PERMISSIONS,
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "data": new.data,
    });
    match new.guild_id {
        Some(guild) => {
            let guild = guild.to_string();
            value["guild_id"] = json!(guild);
            value["channel"] =
                json!({"id": new.channel_id.to_string(), "type": 0, "guild_id": guild});
            value["guild"] = json!({"id": guild, "locale": "en-US", "features": []});
            value["member"] = json!({
                "user": new.user,
                "roles": [],
                "joined_at": now(),
                "deaf": false,
                "mute": false,
                "flags": 0,
                "permissions": PERMISSIONS,
            });
            value["guild_locale"] = json!("en-US");
            value["authorizing_integration_owners"] = json!({"0": guild});
            value["context"] = json!(0);
        }
        None => {
            value["channel"] = json!({"id": new.channel_id.to_string(), "type": 1,
                "recipients": [new.user]});
            value["user"] = json!(new.user);
            // Installed to the user, as the DM replies' metadata says too.
            value["authorizing_integration_owners"] = json!({"1": new.user.id.to_string()});
            value["context"] = json!(1);
        }
    }
    if let Some(message) = new.message {
        value["message"] = serde_json::to_value(message)
            .map_err(|e| SandboxError::with_source(SandboxErrorKind::Model, e))?;
    }
    parse(value)
}

/// A JSON payload as the twilight-model type it must form.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, SandboxError> {
    serde_json::from_value(value).map_err(|e| SandboxError::with_source(SandboxErrorKind::Model, e))
}

#[cfg(test)]
mod tests {
    use super::{NewInteraction, NewMessage, interaction, message, user};
    use serde_json::json;

    #[test]
    fn interaction_round_trips_through_twilight() {
        let bot = user(1, "bot", true).expect("user");
        let body = json!({"content": "hi", "components": [{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "Go", "custom_id": "go"}]}]});
        let msg = message(&NewMessage {
            id: 10,
            channel_id: 20,
            guild_id: Some(30),
            author: &bot,
            webhook_id: None,
            application_id: None,
            body: &body,
            mentions: &[],
            interaction_metadata: None,
            interaction: None,
        })
        .expect("message");
        assert_eq!(msg.components.len(), 1);
        let clicker = user(2, "alice", false).expect("user");
        let i = interaction(&NewInteraction {
            id: 40,
            application_id: 1,
            token: "t",
            guild_id: Some(30),
            channel_id: 20,
            user: &clicker,
            kind: 3,
            message: Some(&msg),
            data: json!({"custom_id": "go", "component_type": 2, "values": []}),
        })
        .expect("interaction");
        let text = serde_json::to_string(&i).expect("serialize");
        let back: twilight_model::application::interaction::Interaction =
            serde_json::from_str(&text).expect("twilight parses its own output");
        assert_eq!(back.id, i.id);
        assert_eq!(back.author_id().map(|id| id.get()), Some(2));
    }

    #[test]
    fn mentions_are_found_once_in_order() {
        assert_eq!(
            super::mentioned_ids("<@5> hi <@!7> <@5> <@x> <@"),
            vec![5, 7]
        );
    }
}

#[cfg(test)]
mod request_shapes {
    use super::{NewMessage, message, user};
    use serde_json::json;

    /// Minimal request bodies (as any client may send them) form messages.
    #[test]
    fn minimal_request_shapes_form_messages() {
        let bot = user(1, "bot", true).expect("user");
        let body = json!({
            "content": "x",
            "embeds": [{"title": "t", "description": "d", "fields": [{"name": "n", "value": "v"}]}],
            "components": [
                {"type": 1, "components": [{"type": 2, "style": 1, "label": "a", "custom_id": "a"}]},
                {"type": 1, "components": [{"type": 3, "custom_id": "s", "options": [{"label": "l", "value": "v"}]}]},
                {"type": 1, "components": [{"type": 5, "custom_id": "u"}]},
                {"type": 1, "components": [{"type": 8, "custom_id": "c"}]},
            ],
        });
        let msg = message(&NewMessage {
            id: 10,
            channel_id: 20,
            guild_id: Some(30),
            author: &bot,
            webhook_id: None,
            application_id: None,
            body: &body,
            mentions: &[],
            interaction_metadata: None,
            interaction: None,
        });
        assert!(msg.is_ok(), "{msg:?}");
    }
}
