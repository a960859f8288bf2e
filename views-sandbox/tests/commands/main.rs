//! Application commands in the sandbox: registration through twilight-http
//! as Discord answers it (`registration`), users running them and the bot
//! receiving them over the gateway (`invocation`), what the Discord client
//! would not send refused (`errors`), the rules the bot's answers meet
//! (`responses`), and the web page's command picker (`browser`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod errors;
mod invocation;
mod registration;
mod responses;

use serde_json::Value;
use twilight_gateway::{Event, Shard};
use twilight_http::Client;
use twilight_http::api_error::ApiError;
use twilight_http::error::ErrorType;
use twilight_model::application::command::Command;
use twilight_model::application::interaction::application_command::CommandData;
use twilight_model::application::interaction::{Interaction, InteractionData};
use twilight_model::http::interaction::InteractionResponse;
use twilight_model::id::Id;
use twilight_model::id::marker::InteractionMarker;
use views_sandbox::Sandbox;

/// A command (or a list of them) as twilight-model reads it from JSON.
pub fn commands(value: Value) -> Vec<Command> {
    serde_json::from_value(value).expect("commands parse")
}

/// The HTTP status and Discord error code a twilight-http call failed with.
pub fn discord_error(error: &twilight_http::Error) -> (u16, u64) {
    match error.kind() {
        ErrorType::Response { status, error, .. } => {
            let code = match error {
                ApiError::General(general) => general.code,
                other => panic!("not a general Discord error: {other:?}"),
            };
            (status.get(), code)
        }
        other => panic!("not a Discord error response: {other:?}"),
    }
}

/// Registers `set` (JSON) as the global commands; returns them as stored.
pub async fn register_global(sandbox: &Sandbox, set: Value) -> Vec<Command> {
    common::http(sandbox)
        .interaction(sandbox.application_id())
        .set_global_commands(&commands(set))
        .await
        .expect("commands accepted")
        .models()
        .await
        .expect("commands parse")
}

/// The INTERACTION_CREATE of interaction `id` on `shard` (others before
/// it, such as those queued before the shard's READY, are skipped).
pub async fn delivered(shard: &mut Shard, id: Id<InteractionMarker>) -> Interaction {
    common::wait_for(shard, |event| match event {
        Event::InteractionCreate(interaction) if interaction.id == id => Some(interaction.0),
        _ => None,
    })
    .await
}

/// The command data of an application command interaction.
pub fn command_data(interaction: &Interaction) -> &CommandData {
    match &interaction.data {
        Some(InteractionData::ApplicationCommand(data)) => data,
        other => panic!("not an application command: {other:?}"),
    }
}

/// Answers `interaction` with `response` (JSON) as a bot does.
pub async fn respond(
    http: &Client,
    interaction: &Interaction,
    response: Value,
) -> Result<(), twilight_http::Error> {
    let response: InteractionResponse = serde_json::from_value(response).expect("a response");
    http.interaction(interaction.application_id)
        .create_response(interaction.id, &interaction.token, &response)
        .await
        .map(drop)
}
