//! Application commands in the sandbox: registration through twilight-http
//! as Discord answers it (`registration`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod registration;

use serde_json::Value;
use twilight_http::api_error::ApiError;
use twilight_http::error::ErrorType;
use twilight_model::application::command::Command;

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
