//! `POST /sandbox/modal`: the submitted fields, read from JSON; uploaded
//! files travel in it as base64.

use serde_json::Value;

use super::params::{bad_request, from_error};
use crate::http::response::HttpResponse;
use crate::state::{ModalSubmission, ModalValue, SharedState, Upload, decode_base64};

/// The `fields` object of `POST /sandbox/modal`: custom_id -> a string
/// (text input), `true`/`false` (checkbox), an array of strings (select
/// values, or the ticked boxes of a checkbox group) or an array of files
/// (a file upload: `{"filename": "..", "content_type": "..", "data":
/// "BASE64"}`, `content_type` optional).
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
            Value::Array(items)
                if items.iter().any(Value::is_object)
                    || crate::state::is_file_upload(&modal, custom_id) =>
            {
                let files = items
                    .iter()
                    .map(|item| file(custom_id, item))
                    .collect::<Result<Vec<_>, _>>()?;
                ModalValue::Files(files)
            }
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
                    "`fields.{custom_id}` must be a string, a boolean, an array of strings or \
                     an array of files"
                )));
            }
        };
        submission = submission.value(custom_id.clone(), value);
    }
    Ok(submission)
}

/// One file of a file upload: `{"filename", "content_type"?, "data"}`.
fn file(custom_id: &str, item: &Value) -> Result<Upload, HttpResponse> {
    let bad = || {
        bad_request(&format!(
            "`fields.{custom_id}` files are {{\"filename\": \"..\", \"content_type\": \"..\", \
             \"data\": \"BASE64\"}}"
        ))
    };
    let filename = item
        .get("filename")
        .and_then(Value::as_str)
        .ok_or_else(bad)?;
    let data = item
        .get("data")
        .and_then(Value::as_str)
        .and_then(decode_base64)
        .ok_or_else(bad)?;
    let upload = Upload::new(filename, data);
    Ok(match item.get("content_type") {
        None | Some(Value::Null) => upload,
        Some(Value::String(content_type)) => upload.content_type(content_type.clone()),
        Some(_) => return Err(bad()),
    })
}
