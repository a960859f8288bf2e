//! Optional fixed-window rate limits per route bucket, answered the way
//! Discord does: `X-RateLimit-*` headers and 429 with `Retry-After`.

use axum::http::header::{HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::http::response::{HttpResponse, json_response};
use crate::state::SharedState;

/// Header values of one request's bucket.
pub(crate) struct Headers {
    limit: u32,
    remaining: u32,
    reset_after: f64,
    bucket: String,
}

/// Counts the request; `Err` is the 429 response when the bucket is empty.
pub(crate) fn check(
    shared: &SharedState,
    method: &Method,
    segs: &[&str],
) -> Result<Option<Headers>, HttpResponse> {
    let Some(config) = shared.config.rate_limit else {
        return Ok(None);
    };
    let bucket = bucket_key(method, segs);
    let now = shared.clock.now();
    let mut state = shared.lock();
    let window = state.rate_windows.entry(bucket.clone()).or_insert((now, 0));
    if now.saturating_sub(window.0) >= config.window {
        *window = (now, 0);
    }
    let reset_after = config
        .window
        .saturating_sub(now.saturating_sub(window.0))
        .as_secs_f64();
    if window.1 >= config.limit {
        let headers = Headers {
            limit: config.limit,
            remaining: 0,
            reset_after,
            bucket,
        };
        let mut response = json_response(
            StatusCode::TOO_MANY_REQUESTS,
            &json!({"message": "You are being rate limited.", "retry_after": reset_after, "global": false}),
        );
        apply(&mut response, Some(&headers));
        set(
            &mut response,
            "retry-after",
            &format!("{}", reset_after.ceil()),
        );
        set(&mut response, "x-ratelimit-scope", "user");
        return Err(response);
    }
    window.1 += 1;
    Ok(Some(Headers {
        limit: config.limit,
        remaining: config.limit - window.1,
        reset_after,
        bucket,
    }))
}

/// Adds the `X-RateLimit-*` headers.
pub(crate) fn apply(response: &mut HttpResponse, headers: Option<&Headers>) {
    let Some(h) = headers else { return };
    set(response, "x-ratelimit-limit", &h.limit.to_string());
    set(response, "x-ratelimit-remaining", &h.remaining.to_string());
    set(
        response,
        "x-ratelimit-reset-after",
        &format!("{:.3}", h.reset_after),
    );
    let reset = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
        + h.reset_after;
    set(response, "x-ratelimit-reset", &format!("{reset:.3}"));
    set(response, "x-ratelimit-bucket", &h.bucket);
}

fn set(response: &mut HttpResponse, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(name), value);
    }
}

/// Route bucket: method plus path with only major parameters kept
/// (channel id, webhook id/token, interaction id/token), as Discord does.
fn bucket_key(method: &Method, segs: &[&str]) -> String {
    let mut key = method.as_str().to_owned();
    for (i, seg) in segs.iter().enumerate() {
        let major = i > 0 && matches!(segs[0], "channels" | "webhooks" | "interactions") && i <= 2;
        let is_param = seg.bytes().all(|b| b.is_ascii_digit());
        key.push('/');
        if is_param && !major {
            key.push_str(":id");
        } else {
            key.push_str(seg);
        }
    }
    key.replace('/', "-")
}
