//! `POST /sandbox/modal`: the submitted fields, read from JSON.

use serde_json::Value;

use super::params::{bad_request, from_error};
use crate::http::response::HttpResponse;
use crate::state::{ModalSubmission, ModalValue, SharedState};

/// The `fields` object of `POST /sandbox/modal`: custom_id -> a string
/// (text input), `true`/`false` (checkbox) or an array of strings (select
/// values, or the ticked boxes of a checkbox group).
pub(super) fn read_submission(
    shared: &SharedState,
    opened_by: u64,
    body: &Value,
) -> Result<ModalSubmission, HttpResponse> {
    let fields = body
        .get("fields")
        .and_then(Value::as_object)
        .ok_or_else(|| bad_request("`fields` must be an object of custom_id -> value"))?;
    let modal = {
        let state = shared.lock();
        crate::state::opened_modal(&state, opened_by)
            .map_err(|e| from_error(&e))?
            .1
    };
    let mut submission = ModalSubmission::new();
    for (custom_id, value) in fields {
        let value = match value {
            Value::String(text) => ModalValue::Text(text.clone()),
            Value::Bool(checked) => ModalValue::Checkbox(*checked),
            Value::Array(items) => {
                let values = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        bad_request(&format!("`fields.{custom_id}` must hold strings only"))
                    })?;
                if crate::state::is_checkbox_group(&modal, custom_id) {
                    ModalValue::CheckboxGroup(values)
                } else {
                    ModalValue::Select(values)
                }
            }
            _ => {
                return Err(bad_request(&format!(
                    "`fields.{custom_id}` must be a string, a boolean or an array of strings"
                )));
            }
        };
        submission = submission.value(custom_id.clone(), value);
    }
    Ok(submission)
}
