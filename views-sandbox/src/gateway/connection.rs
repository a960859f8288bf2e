//! The gateway side: one task per WebSocket connection speaking Discord's
//! gateway protocol (HELLO, IDENTIFY/READY, RESUME/RESUMED, heartbeats,
//! dispatches, RECONNECT and INVALID_SESSION on request).

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tokio_websockets::{CloseCode, Message, WebSocketStream};

use crate::shutdown::ShutdownSignal;
use crate::state::SharedState;
use crate::state::{Outgoing, Session};

/// Serves one gateway connection until it closes or the sandbox shuts down.
pub(crate) async fn serve<S>(
    shared: Arc<SharedState>,
    mut ws: WebSocketStream<S>,
    mut shutdown: ShutdownSignal,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (tx, mut rx) = mpsc::unbounded_channel();
    let connection_id = {
        let mut state = shared.lock();
        state.gateway.connections += 1;
        state.gateway.connections
    };
    let interval = u64::try_from(shared.config.heartbeat_interval.as_millis()).unwrap_or(u64::MAX);
    let hello = json!({"op": 10, "d": {"heartbeat_interval": interval}, "s": null, "t": null});
    if ws.send(Message::text(hello.to_string())).await.is_err() {
        return;
    }
    let mut session_id: Option<String> = None;
    loop {
        tokio::select! {
            incoming = ws.next() => {
                let Some(Ok(frame)) = incoming else { break };
                if frame.is_close() {
                    // tokio-websockets queued the close reply; send it, so the
                    // client sees a clean close instead of a dropped socket.
                    let _ = ws.flush().await;
                    break;
                }
                let Some(text) = frame.as_text() else { continue };
                match handle(&shared, text, connection_id, &tx, &mut session_id) {
                    Ok(()) => {}
                    Err(code) => {
                        let _ = ws.close_with(code, "sandbox closed the session").await;
                        break;
                    }
                }
            }
            outgoing = rx.recv() => {
                let Some(outgoing) = outgoing else { break };
                match outgoing {
                    Outgoing::Text(text) => {
                        if ws.send(Message::text(text)).await.is_err() {
                            break;
                        }
                    }
                    Outgoing::Reconnect => {
                        let _ = ws.send(Message::text(json!({"op": 7, "d": null}).to_string())).await;
                        let _ = ws.close_with(4000, "reconnect").await;
                        break;
                    }
                    Outgoing::InvalidSession(resumable) => {
                        let _ = ws
                            .send(Message::text(json!({"op": 9, "d": resumable}).to_string()))
                            .await;
                        let _ = ws.close_with(4000, "invalid session").await;
                        break;
                    }
                }
            }
            () = shutdown.stopped() => {
                let _ = ws.close_with(4000, "sandbox shutting down").await;
                break;
            }
        }
    }
    // Keep the session for RESUME, but detach this connection from it.
    let mut state = shared.lock();
    if let Some(session) = session_id.and_then(|id| state.gateway.sessions.get_mut(&id))
        && session
            .connection
            .as_ref()
            .is_some_and(|(id, _)| *id == connection_id)
    {
        session.connection = None;
    }
}

/// Closing with a Discord close code.
trait CloseCodeExt {
    fn close_with(
        &mut self,
        code: u16,
        reason: &str,
    ) -> impl Future<Output = Result<(), tokio_websockets::Error>>;
}

impl<S: AsyncRead + AsyncWrite + Unpin> CloseCodeExt for WebSocketStream<S> {
    async fn close_with(&mut self, code: u16, reason: &str) -> Result<(), tokio_websockets::Error> {
        self.send(Message::close(CloseCode::try_from(code).ok(), reason))
            .await
    }
}

/// Handles one client payload; `Err(close code)` ends the connection.
fn handle(
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
