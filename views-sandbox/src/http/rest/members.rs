//! `/guilds/{guild}/members/{user}`: reading a member and timing them out
//! (`communication_disabled_until`), with Discord's 404s for an unknown
//! guild (10004) or member (10007). The reason a moderation gives travels
//! in the `X-Audit-Log-Reason` header, which the request log keeps.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::Value;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::util::Timestamp;

use super::errors::{invalid_form_body, model_error, validate};
use crate::http::request::JsonBody;
use crate::http::response::{HttpResponse, Outcome, discord_error, json_response};
use crate::ids;
use crate::schema::{Body, Violation};
use crate::state::{MemberLookup, SharedState, World};

type Shared = State<Arc<SharedState>>;
type MemberPath = Path<(String, String)>;

/// Discord's longest timeout: 28 days.
const MAX_TIMEOUT_SECS: i64 = 28 * 24 * 60 * 60;

pub(super) fn routes() -> Router<Arc<SharedState>> {
    Router::new().route(
        "/guilds/{guild}/members/{user}",
        get(get_member).patch(update_member),
    )
}

fn unknown_guild() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10004, "Unknown Guild")
}

fn unknown_member() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10007, "Unknown Member")
}

/// `GET /guilds/{guild}/members/{user}`.
async fn get_member(State(shared): Shared, Path((guild, user)): MemberPath) -> Outcome {
    let (guild, user) = path_ids(&guild, &user)?;
    member_response(&shared.lock(), guild, user)
}

/// `PATCH /guilds/{guild}/members/{user}`: the body is checked against
/// Discord's schema; of its fields the sandbox keeps
/// `communication_disabled_until` (a time sets the timeout, `null`
/// removes it) and answers with the member.
async fn update_member(
    State(shared): Shared,
    Path((guild, user)): MemberPath,
    JsonBody(body): JsonBody,
) -> Outcome {
    let (guild, user) = path_ids(&guild, &user)?;
    let mut state = shared.lock();
    member_response(&state, guild, user)?;
    validate(Body::MemberUpdate, &body, None)?;
    if let Some(until) = body.get("communication_disabled_until") {
        let until = match until {
            Value::String(text) => Some(timeout_end(text)?),
            _ => None,
        };
        state.members.set_timeout(guild, user, until);
        shared.changed(&state);
    }
    member_response(&state, guild, user)
}

/// The guild and user of the path; a malformed id is an unknown one.
fn path_ids(guild: &str, user: &str) -> Result<(u64, u64), HttpResponse> {
    let guild = ids::parse(guild).ok_or_else(unknown_guild)?;
    let user = ids::parse(user).ok_or_else(unknown_member)?;
    Ok((guild, user))
}

fn member_response(state: &World, guild: u64, user: u64) -> Outcome {
    match state.member(guild, user) {
        Ok(member) => Ok(json_response(
            StatusCode::OK,
            &serde_json::to_value(member).unwrap_or(Value::Null),
        )),
        Err(MemberLookup::UnknownGuild) => Err(unknown_guild()),
        Err(MemberLookup::UnknownMember) => Err(unknown_member()),
        Err(MemberLookup::Model(error)) => Err(model_error(&error)),
    }
}

/// A timeout's end (the schema already checked it is a date-time), at
/// most 28 days from now as Discord allows.
fn timeout_end(text: &str) -> Result<Timestamp, HttpResponse> {
    let refuse = |message: &str| {
        invalid_form_body(&[Violation {
            path: "communication_disabled_until".to_owned(),
            message: message.to_owned(),
        }])
    };
    let until = utc(text).ok_or_else(|| refuse("must be an ISO 8601 date-time"))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    if until.as_secs() - now > MAX_TIMEOUT_SECS {
        return Err(refuse("must be at most 28 days in the future"));
    }
    Ok(until)
}

/// An RFC 3339 date-time with any offset (`Z`, `+00:00`, `-05:30`) as UTC.
/// twilight's `Timestamp::parse` reads the offset's digits but keeps the
/// local time, so the offset is taken off first and applied here.
fn utc(text: &str) -> Option<Timestamp> {
    let (local, offset_secs) = match text.strip_suffix(['Z', 'z']) {
        Some(local) => (local, 0),
        None => {
            let split = text.len().checked_sub(6)?;
            let (local, offset) = (text.get(..split)?, text.get(split..)?);
            let sign = match offset.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hours: i64 = offset.get(1..3)?.parse().ok()?;
            let minutes: i64 = offset.get(4..6)?.parse().ok()?;
            (local, sign * (hours * 3600 + minutes * 60))
        }
    };
    let as_if_utc = Timestamp::parse(&format!("{local}+00:00")).ok()?;
    Timestamp::from_micros(as_if_utc.as_micros() - offset_secs * 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn offsets_are_applied_to_reach_utc() {
        let expected = utc("2030-01-02T03:04:05+00:00").expect("utc");
        assert_eq!(expected.as_secs(), 1_893_553_445);
        assert_eq!(utc("2030-01-02T03:04:05Z"), Some(expected));
        assert_eq!(utc("2030-01-02T05:04:05+02:00"), Some(expected));
        assert_eq!(utc("2030-01-01T21:34:05-05:30"), Some(expected));
        assert_eq!(
            utc("2030-01-02T03:04:05.250000+00:00").map(|t| t.as_micros()),
            Some(1_893_553_445_250_000)
        );
        assert_eq!(utc("2030-01-02"), None);
        assert_eq!(utc("2030-01-02T03:04:05+0200"), None);
    }
}
