//! Discord's gateway opcodes as the sandbox answers them: heartbeats,
//! IDENTIFY (a new session and READY), RESUME (the missed events replayed,
//! then RESUMED); unknown opcodes and bad payloads close the connection
//! with Discord's close codes.

use serde_json::{Value, json};
use std::sync::Arc;
use tokio::sync::mpsc;

use crate::state::{Outgoing, Session, SharedState};

/// Handles one client payload; `Err(close code)` ends the connection.
pub(super) fn handle(
    shared: &Arc<SharedState>,
    text: &str,
    connection_id: u64,
    tx: &mpsc::UnboundedSender<Outgoing>,
    session_id: &mut Option<String>,
) -> Result<(), u16> {
    let Ok(payload) = serde_json::from_str::<Value>(text) else {
        tracing::info!("gateway: payload is not JSON");
        return Err(4002);
    };
    let send = |value: Value| {
        let _ = tx.send(Outgoing::Text(value.to_string()));
    };
    match payload.get("op").and_then(Value::as_u64) {
        Some(1) => {
            send(json!({"op": 11, "d": null, "s": null, "t": null}));
            Ok(())
        }
        Some(2) => {
            let d = &payload["d"];
            if d.get("token")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                return Err(4004);
            }
            let shard = d
                .get("shard")
                .and_then(Value::as_array)
                .map(|s| {
                    [
                        s.first().and_then(Value::as_u64).unwrap_or(0),
                        s.get(1).and_then(Value::as_u64).unwrap_or(1),
                    ]
                })
                .unwrap_or([0, 1]);
            let shard = [
                u32::try_from(shard[0]).unwrap_or(0),
                u32::try_from(shard[1]).unwrap_or(1).max(1),
            ];
            if shard[0] >= shard[1] {
                return Err(4010);
            }
            identify(shared, shard, connection_id, tx, session_id);
            Ok(())
        }
        Some(6) => {
            let d = &payload["d"];
            let id = d
                .get("session_id")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let seq = d.get("seq").and_then(Value::as_u64).unwrap_or(0);
            let mut state = shared.lock();
            state.gateway.resumes += 1;
            let Some(session) = state.gateway.sessions.get_mut(id) else {
                drop(state);
                let _ = tx.send(Outgoing::InvalidSession(false));
                return Ok(());
            };
            // Replay what the client missed, then RESUMED (as Discord does).
            for (s, text) in &session.backlog {
                if *s > seq {
                    let _ = tx.send(Outgoing::Text(text.clone()));
                }
            }
            session.connection = Some((connection_id, tx.clone()));
            session.send_dispatch("RESUMED", &json!({}));
            *session_id = Some(id.to_owned());
            Ok(())
        }
        Some(3 | 4 | 8) => Ok(()),
        other => {
            tracing::info!(?other, "gateway: unknown opcode");
            Err(4001)
        }
    }
}

fn identify(
    shared: &Arc<SharedState>,
    shard: [u32; 2],
    connection_id: u64,
    tx: &mpsc::UnboundedSender<Outgoing>,
    session_id: &mut Option<String>,
) {
    let app = shared.config.application_id;
    let user = crate::model::current_user(app)
        .ok()
        .and_then(|u| serde_json::to_value(u).ok())
        .unwrap_or(Value::Null);
    let mut state = shared.lock();
    state.gateway.identifies += 1;
    state.gateway.shard_total = shard[1];
    let id = format!("sandbox-session-{:x}", state.next_id());
    let guilds: Vec<Value> = state
        .guilds
        .iter()
        .filter(|g| crate::ids::shard_of(**g, shard[1]) == shard[0])
        .map(|g| json!({"id": g.to_string(), "unavailable": true}))
        .collect();
    let ready = json!({
        "v": 10,
        "user": user,
        "guilds": guilds,
        "session_id": id,
        "resume_gateway_url": shared.endpoints.gateway_url(),
        "shard": shard,
        "application": {"id": app.to_string(), "flags": 0},
    });
    let created = state.gateway.identifies;
    let mut session = Session {
        shard,
        seq: 0,
        backlog: Default::default(),
        connection: Some((connection_id, tx.clone())),
        created,
    };
    session.send_dispatch("READY", &ready);
    // Events that arrived while no session served this shard.
    for (event, data) in state.gateway.pending.remove(&shard[0]).unwrap_or_default() {
        session.send_dispatch(&event, &data);
    }
    state.gateway.sessions.insert(id.clone(), session);
    *session_id = Some(id);
}
