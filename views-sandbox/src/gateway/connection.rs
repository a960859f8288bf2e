//! One task per WebSocket connection: HELLO, then client payloads in and
//! queued frames out until the client, the protocol or a shutdown closes
//! it; the session stays behind for RESUME.

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tokio_websockets::{CloseCode, Message, WebSocketStream};

use super::protocol;
use crate::shutdown::ShutdownSignal;
use crate::state::{Outgoing, SharedState};

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
                match protocol::handle(&shared, text, connection_id, &tx, &mut session_id) {
                    Ok(()) => {}
                    Err(code) => {
                        let _ = ws.close_with(code, "sandbox closed the session").await;
                        await_close_reply(&mut ws).await;
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
                        await_close_reply(&mut ws).await;
                        break;
                    }
                    Outgoing::InvalidSession(resumable) => {
                        let _ = ws
                            .send(Message::text(json!({"op": 9, "d": resumable}).to_string()))
                            .await;
                        let _ = ws.close_with(4000, "invalid session").await;
                        await_close_reply(&mut ws).await;
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

/// How long a closing connection waits for the client's close frame.
const CLOSE_REPLY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Reads (and drops) what the client still sends until its close frame
/// answers ours, the client goes away, or [`CLOSE_REPLY_WAIT`] passes.
///
/// Dropping the socket at once would let the kernel answer the client's
/// unread frames (a heartbeat in flight) with a reset, and a reset makes
/// the client discard what it had received but not yet read: the op 7 or
/// op 9 just sent, so the bot would see a broken connection instead of
/// the request to reconnect.
async fn await_close_reply<S: AsyncRead + AsyncWrite + Unpin>(ws: &mut WebSocketStream<S>) {
    let drain = async {
        while let Some(Ok(frame)) = ws.next().await {
            if frame.is_close() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(CLOSE_REPLY_WAIT, drain).await;
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
