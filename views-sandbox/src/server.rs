//! The listeners: on the main port each connection is either a gateway
//! WebSocket upgrade or plain HTTP (REST and control API), told apart by
//! peeking its headers; the web port serves only HTTP (the page, the
//! control API and its event stream). An upgrade from another site is
//! handed to the HTTP side, which refuses it (see `guard`).

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
    if !web && is_own_websocket(&inner, &stream).await {
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

/// Whether the request is a WebSocket upgrade from the sandbox's own site
/// (twilight-gateway sends `Host: 127.0.0.1:PORT` and no `Origin`).
async fn is_own_websocket(inner: &Inner, stream: &TcpStream) -> bool {
    let Some(head) = peek_head(stream).await else {
        return false;
    };
    let headers = crate::guard::parse_head(&head);
    let upgrade = headers.get_all(hyper::header::UPGRADE).iter().any(|value| {
        value
            .to_str()
            .is_ok_and(|value| value.to_ascii_lowercase().contains("websocket"))
    });
    upgrade && crate::guard::check_site(inner.addr, &headers).is_ok()
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
