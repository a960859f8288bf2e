//! The listeners: on the main port each connection is either a gateway
//! WebSocket upgrade or plain HTTP (REST and control API), told apart by
//! peeking its headers; the web port serves only HTTP (the page, the
//! control API and its event stream). An upgrade from another site is
//! handed to the HTTP side, which refuses it (see `http::guard`).
//!
//! The accept loop is ours, not `axum::serve`: the gateway's connections
//! must be split off before HTTP parses them (tokio-websockets does the
//! handshake on the raw stream), and a shutdown drops every connection at
//! once, where `axum::serve`'s graceful shutdown would wait for the
//! requests in flight (a long-poll of `/sandbox/replies/wait` holds one for
//! up to 30 s). Each HTTP connection is served by the port's axum router
//! through hyper.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_websockets::ServerBuilder;

use crate::shutdown::ShutdownSignal;
use crate::state::SharedState;

/// Largest request head we look at when deciding WebSocket vs HTTP.
const MAX_HEAD: usize = 16 * 1024;

pub(crate) async fn run(
    shared: Arc<SharedState>,
    listener: TcpListener,
    web: bool,
    mut shutdown: ShutdownSignal,
) {
    let router = super::routing::router(&shared, web, shutdown.clone());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                match accepted {
                    Ok((stream, _)) => {
                        tokio::spawn(connection(
                            Arc::clone(&shared),
                            stream,
                            router.clone(),
                            web,
                            shutdown.clone(),
                        ));
                    }
                    Err(error) => tracing::warn!(%error, "sandbox accept failed"),
                }
            }
            () = shutdown.stopped() => break,
        }
    }
}

async fn connection(
    shared: Arc<SharedState>,
    stream: TcpStream,
    router: Router,
    web: bool,
    shutdown: ShutdownSignal,
) {
    if !web && is_own_websocket(&shared, &stream).await {
        match ServerBuilder::new().accept(stream).await {
            Ok((_request, ws)) => crate::gateway::serve(shared, ws, shutdown).await,
            Err(error) => tracing::info!(%error, "gateway handshake failed"),
        }
        return;
    }
    let mut shutdown = shutdown;
    let conn = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(router));
    tokio::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(error) = result {
                tracing::debug!(%error, "http connection ended with an error");
            }
        }
        () = shutdown.stopped() => {}
    }
}

/// Whether the request is a WebSocket upgrade from the sandbox's own site
/// (twilight-gateway sends `Host: 127.0.0.1:PORT` and no `Origin`).
async fn is_own_websocket(shared: &SharedState, stream: &TcpStream) -> bool {
    let Some(head) = peek_head(stream).await else {
        return false;
    };
    let headers = crate::http::guard::parse_head(&head);
    let upgrade = headers
        .get_all(axum::http::header::UPGRADE)
        .iter()
        .any(|value| {
            value
                .to_str()
                .is_ok_and(|value| value.to_ascii_lowercase().contains("websocket"))
        });
    upgrade && crate::http::guard::check_site(shared.endpoints.main, &headers).is_ok()
}

/// Peeks until the request head is complete (or [`MAX_HEAD`] bytes are in).
async fn peek_head(stream: &TcpStream) -> Option<Vec<u8>> {
    let mut buf = vec![0; MAX_HEAD];
    for _ in 0..500 {
        let Ok(n) = stream.peek(&mut buf).await else {
            return None;
        };
        if n == 0 {
            return None;
        }
        if buf[..n].windows(4).any(|w| w == b"\r\n\r\n") || n == MAX_HEAD {
            buf.truncate(n);
            return Some(buf);
        }
        // Head not complete yet: the rest is in flight.
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    None
}
