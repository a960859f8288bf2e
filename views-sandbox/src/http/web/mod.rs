//! The web page: channels and messages drawn as Discord draws them, a
//! client of the control API, and the event stream that tells it when to
//! read again.

pub(crate) mod events;

use crate::http::response::{HttpResponse, html};

/// `GET /`: the page.
pub(crate) fn page() -> HttpResponse {
    html(include_str!("../../../web/index.html"))
}
