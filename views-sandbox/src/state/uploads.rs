//! Files a user uploads in a modal's file upload: checked as the Discord
//! client checks them (how many, how large), kept in memory under a fresh
//! attachment id, and described in the submission's
//! `resolved.attachments` as Discord describes them, with a URL the
//! sandbox serves the bytes at (`GET /ephemeral-attachments/..`).

use std::collections::HashMap;

use bytes::Bytes;
use serde_json::{Value, json};

use crate::error::{SandboxError, invalid_values as invalid};

/// The largest file Discord takes from a user without Nitro (25 MiB); the
/// control API's body limit is lower, so only the Rust API reaches it.
pub(crate) const FILE_SIZE_MAX: usize = 26_214_400;

/// One file a user uploads.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub(crate) filename: String,
    pub(crate) content_type: Option<String>,
    pub(crate) bytes: Bytes,
}

impl Upload {
    /// A file named `filename` holding `bytes`; its content type is
    /// guessed from the extension (`.png`, `.jpg`, `.gif`, `.webp`,
    /// `.txt`, `.pdf`), as Discord does.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn new(filename: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        let filename = filename.into();
        let content_type = guess_content_type(&filename).map(str::to_owned);
        Self {
            filename,
            content_type,
            bytes: bytes.into(),
        }
    }

    /// The same file with an explicit content type (`image/png`).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's name.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The file's bytes.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// The content type Discord gives a file by its extension.
fn guess_content_type(filename: &str) -> Option<&'static str> {
    let extension = filename.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => return None,
    })
}

/// The files uploaded in modals, by attachment id (in memory only: like
/// Discord's ephemeral attachments they do not outlive the sandbox).
#[derive(Debug, Default)]
pub(crate) struct Files {
    by_id: HashMap<u64, Upload>,
}

impl Files {
    /// The file `id`, if its name is `filename` (as in its URL).
    pub(crate) fn get(&self, id: u64, filename: &str) -> Option<&Upload> {
        self.by_id.get(&id).filter(|file| file.filename == filename)
    }

    pub(crate) fn insert(&mut self, id: u64, file: Upload) {
        self.by_id.insert(id, file);
    }
}

/// The path of file `id` under the sandbox's address: Discord's
/// `ephemeral-attachments/{application}/{attachment}/{filename}`.
fn path(application_id: u64, id: u64, filename: &str) -> String {
    format!("ephemeral-attachments/{application_id}/{id}/{filename}")
}

/// Checks the files given for file upload `field`: as many as its
/// `min_values` (default 1) and `max_values` (default 1) allow, none when
/// it is optional, each named and at most [`FILE_SIZE_MAX`] bytes.
pub(crate) fn check(
    field: &Value,
    custom_id: &str,
    uploads: &[Upload],
) -> Result<(), SandboxError> {
    // `required` defaults to true in modals.
    let required = field
        .get("required")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    if uploads.is_empty() && !required {
        return Ok(());
    }
    let count = uploads.len() as u64;
    let min = field
        .get("min_values")
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .max(1);
    let max = field.get("max_values").and_then(Value::as_u64).unwrap_or(1);
    if count < min || count > max {
        return Err(invalid(
            custom_id,
            format!("{count} files uploaded, allowed {min}..={max}"),
        ));
    }
    for upload in uploads {
        if upload.filename.is_empty() || upload.filename.contains(['/', '\\']) {
            return Err(invalid(
                custom_id,
                format!("{:?} is not a file name", upload.filename),
            ));
        }
        if upload.bytes.len() > FILE_SIZE_MAX {
            return Err(invalid(
                custom_id,
                format!(
                    "{} is {} bytes, larger than {FILE_SIZE_MAX}",
                    upload.filename,
                    upload.bytes.len()
                ),
            ));
        }
    }
    Ok(())
}

/// The attachment object of file `id` in `resolved.attachments`, as Discord
/// sends it for a modal's upload (`ephemeral`, with a CDN and a media
/// proxy URL; here both served by the sandbox at `base`).
pub(crate) fn attachment(base: &str, application_id: u64, id: u64, upload: &Upload) -> Value {
    let path = path(application_id, id, &upload.filename);
    let mut attachment = json!({
        "id": id.to_string(),
        "filename": upload.filename,
        "size": upload.bytes.len(),
        "url": format!("{base}/{path}"),
        "proxy_url": format!("{base}/media/{path}"),
        "ephemeral": true,
    });
    if let Some(content_type) = &upload.content_type {
        attachment["content_type"] = json!(content_type);
    }
    attachment
}

/// Standard base64 (with or without padding), as the control API carries
/// file contents; `None` for anything else.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(byte: u8) -> Option<u32> {
        Some(u32::from(match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let text = text.trim_end_matches('=').as_bytes();
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut bits = 0u32;
        for (i, byte) in chunk.iter().enumerate() {
            bits |= value(*byte)? << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_length() {
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
        assert_eq!(decode_base64("Zg==").as_deref(), Some(&b"f"[..]));
        assert_eq!(decode_base64("Zm8=").as_deref(), Some(&b"fo"[..]));
        assert_eq!(decode_base64("Zm9v").as_deref(), Some(&b"foo"[..]));
        assert_eq!(decode_base64("Zm9vYg").as_deref(), Some(&b"foob"[..]));
        assert_eq!(
            decode_base64("iVBORw0KGgo=").as_deref(),
            Some(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..])
        );
        assert_eq!(decode_base64("Z"), None);
        assert_eq!(decode_base64("Zm9v!"), None);
    }

    #[test]
    fn counts_follow_min_max_and_required() {
        let file = || Upload::new("a.png", &b"x"[..]);
        let field = json!({"type": 19, "custom_id": "f", "max_values": 2, "required": false});
        assert!(check(&field, "f", &[]).is_ok());
        assert!(check(&field, "f", &[file(), file()]).is_ok());
        assert!(check(&field, "f", &[file(), file(), file()]).is_err());
        let required = json!({"type": 19, "custom_id": "f", "min_values": 2, "max_values": 3});
        assert!(check(&required, "f", &[file()]).is_err());
        assert!(check(&json!({"type": 19}), "f", &[file(), file()]).is_err());
        assert!(check(&json!({"type": 19}), "f", &[Upload::new("a/b", &b""[..])]).is_err());
        assert_eq!(file().content_type.as_deref(), Some("image/png"));
    }
}
