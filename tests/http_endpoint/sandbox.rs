//! The sandbox as Discord in HTTP mode: it validates the endpoint URL
//! (a PING, a forged request that must be refused), signs each
//! interaction with its own key, POSTs it to the bot and applies the
//! response body; the bot's REST calls after that go to its REST API.

use std::{sync::Arc, time::Duration};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{server::conn::http1, service::service_fn};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use twilight_http::Client;
use twilight_model::id::Id;
use twilight_views::{ViewRouter, endpoint::InteractionsEndpoint};
use views_sandbox::{ReplyKind, Sandbox, SandboxConfig, SandboxErrorKind};

use crate::common::Counter;

/// A bot whose router replies to `sandbox`'s REST API, served over HTTP
/// with the sandbox's public key; returns the endpoint URL.
async fn serve_bot(sandbox: &Sandbox) -> String {
    let http = Arc::new(
        Client::builder()
            .token("sandbox-token".to_owned())
            .proxy(sandbox.api_host_port(), true)
            .ratelimiter(None)
            .build(),
    );
    let router = ViewRouter::builder(http, sandbox.application_id())
        .stored_view::<Counter>()
        .build()
        .unwrap();
    let endpoint = InteractionsEndpoint::builder(router, &sandbox.interactions_public_key())
        .on_command(|ctx| async move {
            ctx.respond_with_view("Press!", Counter { count: 0 })
                .await
                .map(drop)
        })
        .build()
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(endpoint.serve(listener));
    url
}

/// Registers `/counter` as the bot would at start-up.
async fn register_counter(sandbox: &Sandbox) {
    let http = Client::builder()
        .token("sandbox-token".to_owned())
        .proxy(sandbox.api_host_port(), true)
        .build();
    let command = twilight_model::application::command::Command {
        application_id: None,
        contexts: None,
        default_member_permissions: None,
        #[allow(deprecated)]
        dm_permission: None,
        description: "Open a counter".to_owned(),
        description_localizations: None,
        guild_id: None,
        id: None,
        integration_types: None,
        kind: twilight_model::application::command::CommandType::ChatInput,
        name: "counter".to_owned(),
        name_localizations: None,
        nsfw: None,
        options: Vec::new(),
        version: Id::new(1),
    };
    http.interaction(sandbox.application_id())
        .set_global_commands(&[command])
        .await
        .unwrap();
}

/// GET `path` of the sandbox's control API, as JSON.
async fn control_get(sandbox: &Sandbox, path: &str) -> serde_json::Value {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(sandbox.addr())
        .await
        .unwrap();
    let request = format!(
        "GET /sandbox{path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        sandbox.addr()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (_, body) = response.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(body).unwrap_or_else(|error| panic!("{error}: {response}"))
}

#[tokio::test]
async fn a_command_and_its_clicks_go_through_the_bots_endpoint() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let url = serve_bot(&sandbox).await;
    let validation = sandbox.set_interactions_endpoint(&[&url]).await.unwrap();
    assert!(
        validation.ping && validation.bad_signature_refused,
        "{validation:?}"
    );
    // The control API shows the URL, the key and the validation.
    let status = control_get(&sandbox, "/interactions-endpoint").await;
    assert_eq!(status["urls"], serde_json::json!([url]));
    assert_eq!(status["public_key"], sandbox.interactions_public_key());
    assert_eq!(status["validation"]["passed"], true);
    register_counter(&sandbox).await;
    let fixtures = sandbox.fixtures().clone();
    let user = fixtures.users[0].id;
    let channel = Id::new(fixtures.channel_id.get());
    let command = sandbox
        .run_command(user, channel, "counter", serde_json::json!({}))
        .unwrap();
    // The body became the callback: the message with the view.
    let reply = sandbox
        .wait_reply(command, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(
        matches!(reply.kind, ReplyKind::Callback { response_type: 4 }),
        "{reply:?}"
    );
    let message = reply.message_id.unwrap();
    for expected in 1..=3_u64 {
        let click = sandbox.click(message, "http:increment", user).unwrap();
        let answer = sandbox
            .wait_reply(click, Duration::from_secs(5))
            .await
            .unwrap();
        assert!(answer.ephemeral);
        assert_eq!(answer.message.unwrap().content, format!("count {expected}"));
    }
}

#[tokio::test]
async fn an_endpoint_that_does_not_check_signatures_fails_validation() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    // PONG to everyone, signed or not.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let pong = service_fn(|_request| async {
                    let body = Full::new(Bytes::from_static(br#"{"type":1}"#));
                    Ok::<_, std::convert::Infallible>(http::Response::new(body))
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), pong)
                    .await;
            });
        }
    });
    let error = sandbox
        .set_interactions_endpoint(&[&url])
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), SandboxErrorKind::EndpointRefused { .. }),
        "{error}"
    );
    let validation = sandbox.interactions_endpoint_validation().unwrap();
    assert!(
        validation.ping && !validation.bad_signature_refused,
        "{validation:?}"
    );
    // Nothing is unreachable either.
    let error = sandbox
        .set_interactions_endpoint(&["http://127.0.0.1:1/"])
        .await
        .unwrap_err();
    assert!(error.to_string().contains("PING"), "{error}");
}
