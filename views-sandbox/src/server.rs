//! The listeners: on the main port each connection is either a gateway
//! WebSocket upgrade or plain HTTP (REST and control API), told apart by
//! peeking its headers; the web port serves only HTTP (the page, the
//! control API and its event stream).

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_websockets::ServerBuilder;

use crate::sandbox::Inner;

/// Largest request head we look at when deciding WebSocket vs HTTP.
const MAX_HEAD: usize = 16 * 1024;

pub(crate) async fn run(inner: Arc<Inner>, listener: TcpListener, web: bool) {
    let mut shutdown = inner.shutdown.subscribe();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                match accepted {
                    Ok((stream, _)) => {
                        tokio::spawn(connection(Arc::clone(&inner), stream, web));
                    }
                    Err(error) => tracing::warn!(%error, "sandbox accept failed"),
                }
            }
            () = stopped(&mut shutdown) => break,
        }
    }
}

/// Resolves once the sandbox is shutting down, including when the shutdown
/// was sent before this receiver was created or first polled (`changed()`
/// alone would wait forever then: a single-threaded runtime can run a task
/// for the first time after `Sandbox::shutdown`).
pub(crate) async fn stopped(shutdown: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|&stop| stop).await;
}

async fn connection(inner: Arc<Inner>, stream: TcpStream, web: bool) {
    if !web && is_websocket(&stream).await {
        match ServerBuilder::new().accept(stream).await {
            Ok((_request, ws)) => crate::gateway::serve(inner, ws).await,
            Err(error) => tracing::info!(%error, "gateway handshake failed"),
        }
        return;
    }
    let mut shutdown = inner.shutdown.subscribe();
    let service = {
        let inner = Arc::clone(&inner);
        service_fn(move |request| crate::http::handle(Arc::clone(&inner), request, web))
    };
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(error) = result {
                tracing::debug!(%error, "http connection ended with an error");
            }
        }
        () = stopped(&mut shutdown) => {}
    }
}

/// Peeks until the request head is complete and looks for `Upgrade: websocket`.
async fn is_websocket(stream: &TcpStream) -> bool {
    let mut buf = vec![0; MAX_HEAD];
    for _ in 0..500 {
        let Ok(n) = stream.peek(&mut buf).await else {
            return false;
        };
        if n == 0 {
            return false;
        }
        let head = &buf[..n];
        if head.windows(4).any(|w| w == b"\r\n\r\n") || n == MAX_HEAD {
            let text = String::from_utf8_lossy(head).to_ascii_lowercase();
            return text
                .lines()
                .any(|line| line.starts_with("upgrade:") && line.contains("websocket"));
        }
        // Head not complete yet: the rest is in flight.
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    false
}
