//! The JSON control API round trip: a user message, a click answered by a
//! real twilight bot, a select, a modal, and reading the replies back; and
//! what keeps other web sites out of it (Host, Origin, Content-Type), and
//! clock moves it refuses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{control, http, raw, sandbox, send, shard, wait_for};
use hyper::header::{HeaderValue, ORIGIN};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_websockets::ClientBuilder;
use twilight_gateway::Event;
use twilight_model::application::interaction::InteractionData;
use twilight_model::http::interaction::{
    InteractionResponse, InteractionResponseData, InteractionResponseType,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_api_round_trip() {
    let sandbox = sandbox().await;
    let mut shard = shard(&sandbox, 0, 1);
    let http = http(&sandbox);
    wait_for(&mut shard, |e| matches!(e, Event::Ready(_)).then_some(())).await;

    let (status, info) = control(&sandbox, "GET", "", None).await;
    assert_eq!(status, 200);
    assert_eq!(info["gateway_url"], sandbox.gateway_url());
    let channel = info["channel_id"].as_str().unwrap().to_owned();
    let alice = info["users"][0]["id"].as_str().unwrap().to_owned();

    let (status, channels) = control(&sandbox, "GET", "/channels", None).await;
    assert_eq!(status, 200);
    assert_eq!(channels[0]["name"], "general");

    // A user message posted over HTTP reaches the bot.
    let (status, posted) = control(
        &sandbox,
        "POST",
        &format!("/channels/{channel}/messages"),
        Some(json!({"author_id": alice, "content": "menu please"})),
    )
    .await;
    assert_eq!(status, 200, "{posted}");
    let created = wait_for(&mut shard, |e| match e {
        Event::MessageCreate(m) if m.content == "menu please" => Some(m),
        _ => None,
    })
    .await;
    assert_eq!(created.id.to_string(), posted["id"].as_str().unwrap());

    // The bot answers with a select menu.
    let row = json!({"type": 1, "components": [{"type": 3, "custom_id": "pick",
        "options": [{"label": "Red", "value": "red"}, {"label": "Blue", "value": "blue"}]}]});
    let components = vec![serde_json::from_value(row).unwrap()];
    let menu = http
        .create_message(created.channel_id)
        .content("choose")
        .components(&components)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();

    // Select over HTTP; the bot opens a modal.
    let (status, selected) = control(
        &sandbox,
        "POST",
        "/select",
        Some(
            json!({"message_id": menu.id.to_string(), "custom_id": "pick",
                    "values": ["blue"], "user_id": alice}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{selected}");
    let interaction = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) => Some(i),
        _ => None,
    })
    .await;
    assert_eq!(
        interaction.id.to_string(),
        selected["interaction_id"].as_str().unwrap()
    );
    let Some(InteractionData::MessageComponent(data)) = &interaction.data else {
        panic!("component data expected");
    };
    assert_eq!(data.values, vec!["blue".to_owned()]);
    let input = json!({"type": 1, "components": [{"type": 4, "custom_id": "why",
        "label": "Why?", "style": 1}]});
    let modal = InteractionResponse {
        kind: InteractionResponseType::Modal,
        data: Some(InteractionResponseData {
            custom_id: Some("reason".to_owned()),
            title: Some("Tell us".to_owned()),
            components: Some(vec![serde_json::from_value(input).unwrap()]),
            ..Default::default()
        }),
    };
    http.interaction(sandbox.application_id())
        .create_response(interaction.id, &interaction.token, &modal)
        .await
        .unwrap();

    let select_id = selected["interaction_id"].as_str().unwrap();
    let (status, opened) = control(&sandbox, "GET", &format!("/modals/{select_id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(opened["custom_id"], "reason");

    // Submit the modal over HTTP; the bot gets a ModalSubmit with the value.
    let (status, submitted) = control(
        &sandbox,
        "POST",
        "/modal",
        Some(
            json!({"interaction_id": select_id, "user_id": alice, "fields": {"why": "it is calm"}}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{submitted}");
    let submit = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) if i.id.to_string() == submitted["interaction_id"] => Some(i),
        _ => None,
    })
    .await;
    let Some(InteractionData::ModalSubmit(data)) = &submit.data else {
        panic!("modal data expected");
    };
    assert_eq!(data.custom_id, "reason");
    let text = serde_json::to_value(&data.components).unwrap().to_string();
    assert!(text.contains("it is calm"), "{text}");
    let answer = InteractionResponse {
        kind: InteractionResponseType::ChannelMessageWithSource,
        data: Some(InteractionResponseData {
            content: Some("thanks".to_owned()),
            ..Default::default()
        }),
    };
    http.interaction(sandbox.application_id())
        .create_response(submit.id, &submit.token, &answer)
        .await
        .unwrap();

    // Replies read back over HTTP, filtered by interaction.
    let submit_id = submitted["interaction_id"].as_str().unwrap();
    let (status, replies) = control(
        &sandbox,
        "GET",
        &format!("/replies?interaction_id={submit_id}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let replies = replies.as_array().unwrap();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["kind"], "callback");
    assert_eq!(replies[0]["response_type"], 4);
    assert_eq!(replies[0]["message"]["content"], "thanks");

    let (status, messages) = control(
        &sandbox,
        "GET",
        &format!("/channels/{channel}/messages"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let contents: Vec<&str> = messages
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"]["content"].as_str().unwrap())
        .collect();
    assert_eq!(contents, ["menu please", "choose", "thanks"]);

    let (status, all) = control(&sandbox, "GET", "/replies", None).await;
    assert_eq!(status, 200);
    let last_seq = all.as_array().unwrap().last().unwrap()["seq"]
        .as_u64()
        .unwrap();
    let (status, none) = control(
        &sandbox,
        "GET",
        &format!("/replies/wait?after={last_seq}&timeout_ms=50"),
        None,
    )
    .await;
    assert_eq!((status, none), (200, json!([])));

    // Fixtures can be added over HTTP.
    let (status, user) = control(&sandbox, "POST", "/users", Some(json!({"name": "dave"}))).await;
    assert_eq!(status, 200);
    assert_eq!(user["username"], "dave");
    let (status, guild) = control(&sandbox, "POST", "/guilds", Some(json!({"name": "g2"}))).await;
    assert_eq!(status, 200);
    let new_channel = guild["channel_id"].as_str().unwrap();
    let (status, _) = control(
        &sandbox,
        "POST",
        &format!("/channels/{new_channel}/messages"),
        Some(json!({"author_id": user["id"], "content": "hi from dave"})),
    )
    .await;
    assert_eq!(status, 200);

    // The web page is a client of this API.
    let (status, head, page) = common::raw(&sandbox, "GET", "/", None).await;
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    let page = page.as_str().unwrap();
    for route in [
        "/users",
        "/channels",
        "/click",
        "/select",
        "/modal",
        "/replies/wait",
        "/modals/",
    ] {
        assert!(page.contains(route), "page uses {route}");
    }

    // Clock control and bad input.
    let (status, clock) = control(
        &sandbox,
        "POST",
        "/clock/advance",
        Some(json!({"ms": 5000})),
    )
    .await;
    assert_eq!(status, 200);
    assert!(clock["now_ms"].as_u64().unwrap() >= 5000);
    let (status, _) = control(&sandbox, "POST", "/click", Some(json!({"message_id": "x"}))).await;
    assert_eq!(status, 400);
    let (status, _) = control(
        &sandbox,
        "POST",
        "/click",
        Some(json!({"message_id": menu.id.to_string(), "custom_id": "missing", "user_id": alice})),
    )
    .await;
    assert_eq!(status, 404);
    sandbox.shutdown().await;
}

/// A web page the developer visits must not drive the sandbox: a DNS
/// rebinding page reaches it under the attacker's host name, a plain
/// cross-site page sends its own Origin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_from_other_sites_are_refused() {
    let sandbox = sandbox().await;
    let addr = sandbox.addr();
    let port = addr.port();
    let own_host = addr.to_string();
    let localhost = format!("localhost:{port}");
    let rebound = format!("rebinding.example:{port}");
    let get = |host: &str| {
        let host = host.to_owned();
        async move { send(addr, "GET", "/sandbox/channels", &[("Host", &host)], "").await }
    };

    assert_eq!(get(&own_host).await.0, 200);
    assert_eq!(get(&localhost).await.0, 200);
    let (status, head, refused) = get(&rebound).await;
    assert_eq!(status, 403, "{refused}");
    assert!(head.contains("content-type: application/json"), "{head}");
    assert!(
        refused["error"].as_str().unwrap().contains("Host"),
        "{refused}"
    );
    // The right name on another port (the web page's) is not this listener.
    let web_port = sandbox
        .web_url()
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    assert_eq!(get(&format!("127.0.0.1:{web_port}")).await.0, 403);
    // No Host at all (HTTP/1.1 requires one) is refused too.
    assert_eq!(send(addr, "GET", "/sandbox", &[], "").await.0, 403);

    // REST answers in Discord's error shape, so twilight-http can parse it.
    let (status, _, refused) = send(
        addr,
        "GET",
        "/api/v10/gateway/bot",
        &[("Host", &rebound), ("Authorization", "Bot sandbox-token")],
        "",
    )
    .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["code"], 0);
    assert!(
        refused["message"].as_str().unwrap().contains("Host"),
        "{refused}"
    );

    // A cross-site POST (a form or fetch from another page) is refused
    // before it does anything.
    let f = sandbox.fixtures().clone();
    let click = json!({"author_id": f.users[0].id.to_string(), "content": "from elsewhere"});
    let path = format!("/sandbox/channels/{}/messages", f.channel_id);
    for origin in [
        "http://attacker.example",
        "null",
        &format!("http://127.0.0.1:{web_port}"),
    ] {
        let (status, _, refused) = send(
            addr,
            "POST",
            &path,
            &[
                ("Host", &own_host),
                ("Origin", origin),
                ("Content-Type", "application/json"),
            ],
            &click.to_string(),
        )
        .await;
        assert_eq!(status, 403, "{origin}: {refused}");
        assert!(
            refused["error"].as_str().unwrap().contains("Origin"),
            "{refused}"
        );
    }
    assert!(sandbox.messages(f.channel_id).is_empty());
    // The sandbox's own page (under either name) is welcome.
    for origin in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let (status, _, posted) = send(
            addr,
            "POST",
            &path,
            &[
                ("Host", &own_host),
                ("Origin", &origin),
                ("Content-Type", "application/json"),
            ],
            &click.to_string(),
        )
        .await;
        assert_eq!(status, 200, "{origin}: {posted}");
    }

    // A page's WebSocket to the gateway would receive every interaction.
    let gateway = format!("{}/?v=10&encoding=json", sandbox.gateway_url());
    let hijack = ClientBuilder::new()
        .uri(&gateway)
        .unwrap()
        .add_header(ORIGIN, HeaderValue::from_static("http://attacker.example"))
        .unwrap()
        .connect()
        .await;
    assert!(hijack.is_err(), "a cross-site WebSocket was accepted");
    // twilight's own clients (no Origin, Host 127.0.0.1:PORT) still work.
    let mut shard = shard(&sandbox, 0, 1);
    wait_for(&mut shard, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    let bot = http(&sandbox);
    bot.create_message(f.channel_id)
        .content("still here")
        .await
        .unwrap();
    sandbox.shutdown().await;
}

/// A form or a `text/plain` fetch from another page needs no CORS
/// preflight; JSON does. So the control API takes bodies only as JSON.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_bodies_must_be_declared_json() {
    let sandbox = sandbox().await;
    let addr = sandbox.addr();
    let host = addr.to_string();
    let add_user = |content_type: Option<&'static str>| {
        let host = host.clone();
        async move {
            let mut headers = vec![("Host", host.as_str())];
            headers.extend(content_type.map(|value| ("Content-Type", value)));
            send(
                addr,
                "POST",
                "/sandbox/users",
                &headers,
                r#"{"name":"mallory"}"#,
            )
            .await
        }
    };
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonp"),
    ] {
        let (status, _, refused) = add_user(content_type).await;
        assert_eq!(status, 415, "{content_type:?}: {refused}");
        assert!(
            refused["error"]
                .as_str()
                .unwrap()
                .contains("application/json"),
            "{refused}"
        );
    }
    let (_, users) = control(&sandbox, "GET", "/users", None).await;
    assert!(!users.to_string().contains("mallory"), "{users}");
    for content_type in ["application/json", "Application/JSON; charset=utf-8"] {
        let (status, _, user) = add_user(Some(content_type)).await;
        assert_eq!(status, 200, "{content_type}: {user}");
    }
    // Reads have no body and need no Content-Type.
    let (status, _, _) = send(addr, "GET", "/sandbox/users", &[("Host", &host)], "").await;
    assert_eq!(status, 200);
    sandbox.shutdown().await;
}

/// The clock's reading is answered in milliseconds; a move past what that
/// can hold is refused, not a panic of the connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_advance_too_far_is_refused() {
    let sandbox = sandbox().await;
    let advance = |ms: u64| control(&sandbox, "POST", "/clock/advance", Some(json!({"ms": ms})));
    let (status, moved) = advance(1000).await;
    assert_eq!(status, 200, "{moved}");
    let before = moved["now_ms"].as_u64().unwrap();
    let (status, refused) = advance(u64::MAX).await;
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused["error"].as_str().unwrap().contains("ms"),
        "{refused}"
    );
    let (status, moved) = advance(1).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["now_ms"].as_u64().unwrap(), before + 1);
    sandbox.shutdown().await;
}

/// What no route answers keeps each API's error shape: Discord's under
/// `/api`, the control API's under `/sandbox`, and elsewhere the list of
/// where things are. A body over the limit is refused before it is read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unrouted_requests_and_oversized_bodies_keep_their_error_shapes() {
    let sandbox = sandbox().await;
    let (status, _, body) = raw(&sandbox, "GET", "/api/v10/guilds/1/roles", None).await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(0)), "{body}");
    assert_eq!(body["message"], "404: Not Found");
    let channel = sandbox.fixtures().channel_id;
    let (status, _, body) = raw(
        &sandbox,
        "PUT",
        &format!("/api/v10/channels/{channel}/messages"),
        None,
    )
    .await;
    assert_eq!(status, 405, "{body}");
    assert_eq!(body["message"], "405: Method Not Allowed");
    // Each answered REST request is logged, the unrouted ones too.
    let statuses: Vec<u16> = sandbox.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [404, 405]);

    let (status, body) = control(&sandbox, "GET", "/no/such/thing", None).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], "no such control route");
    let (status, body) = control(&sandbox, "DELETE", "/users", None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("no such control route"))
    );
    let (status, body) = control(&sandbox, "POST", "/users", None).await;
    assert_eq!(status, 400, "{body}");

    let (status, _, body) = raw(&sandbox, "GET", "/elsewhere", None).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["api_url"], sandbox.api_url());

    // 9 MiB announced: refused at once, in Discord's shape.
    let host = sandbox.addr().to_string();
    let mut stream = tokio::net::TcpStream::connect(sandbox.addr())
        .await
        .unwrap();
    let head = format!(
        "POST /api/v10/channels/{channel}/messages HTTP/1.1\r\nHost: {host}\r\n\
         Authorization: Bot sandbox-token\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{{",
        9 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answer in time")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("40005"), "{answer}");
    assert!(sandbox.messages(channel).is_empty());
    sandbox.shutdown().await;
}
