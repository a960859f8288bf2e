//! A ready-made HTTP/1.1 server for the endpoint (the `http-server`
//! feature), for a bot without a web stack of its own: it answers POST `/`
//! and nothing else. Behind Discord it needs a TLS proxy in front.

use std::{future::Future, time::Duration};

use hyper::{body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

use super::{EndpointError, EndpointErrorKind, InteractionsEndpoint, refuse};

/// How long a client may take to send its request headers: a connection
/// that trickles them in holds a task and a socket.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

impl InteractionsEndpoint {
    /// Serves the endpoint on `listener` until accepting fails; the
    /// Interactions Endpoint URL is then `https://YOUR-HOST/` through the
    /// TLS proxy in front of it. POST `/` only: other paths get 404.
    ///
    /// # Errors
    ///
    /// Accepting a connection failed ([`EndpointErrorKind::Io`]).
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#the-ready-made-server).
    #[cfg_attr(docsrs, doc(cfg(feature = "http-server")))]
    pub async fn serve(self, listener: TcpListener) -> Result<(), EndpointError> {
        self.serve_until(listener, std::future::pending()).await
    }

    /// [`Self::serve`] until `shutdown` resolves: then no new connection
    /// is accepted (the requests under way finish on their own tasks).
    ///
    /// # Errors
    ///
    /// As [`Self::serve`].
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#the-ready-made-server).
    #[cfg_attr(docsrs, doc(cfg(feature = "http-server")))]
    pub async fn serve_until(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()>,
    ) -> Result<(), EndpointError> {
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let (stream, _) = tokio::select! {
                accepted = listener.accept() => accepted.map_err(|error| {
                    EndpointError::new(EndpointErrorKind::Io, Some(Box::new(error)))
                })?,
                () = &mut shutdown => return Ok(()),
            };
            let endpoint = self.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<Incoming>| {
                    let endpoint = endpoint.clone();
                    async move {
                        let response = if request.uri().path() == "/" {
                            endpoint.serve_request(request).await
                        } else {
                            refuse(http::StatusCode::NOT_FOUND, "interactions are POSTed to /")
                        };
                        Ok::<_, std::convert::Infallible>(response)
                    }
                });
                let served = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
                if let Err(error) = served {
                    tracing::debug!(%error, "an interactions connection ended with an error");
                }
            });
        }
    }
}
