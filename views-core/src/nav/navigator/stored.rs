//! A navigator's stored form: the fields as they have always been written
//! (names, omitted defaults), whatever the navigator keeps in memory, so
//! rows written by earlier versions keep loading.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use twilight_model::{
    channel::message::Component,
    id::{Id, marker::UserMarker},
};

use super::{Extras, NavButtons, Navigator, narrow};
use crate::nav::source::SourceKey;

/// A navigator as it is stored, field by field (the field names and the
/// omitted defaults are the stored format: rows written before keep
/// loading). Written from borrowed parts.
#[derive(Serialize)]
struct StoredRef<'a> {
    source: &'static str,
    args: &'a RawValue,
    page: u32,
    pages: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<Id<UserMarker>>,
    #[serde(skip_serializing_if = "NavButtons::is_default")]
    buttons: NavButtons,
    #[serde(skip_serializing_if = "<[Component]>::is_empty")]
    rows: &'a [Component],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    layout: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<u64>,
}

/// [`StoredRef`] read back.
#[derive(Deserialize)]
struct StoredOwned {
    source: String,
    args: Box<RawValue>,
    #[serde(default)]
    page: u64,
    #[serde(default)]
    pages: u64,
    #[serde(default)]
    owner: Option<Id<UserMarker>>,
    #[serde(default)]
    buttons: NavButtons,
    #[serde(default)]
    rows: Vec<Component>,
    #[serde(default)]
    layout: bool,
    #[serde(default)]
    expires_at: Option<u64>,
}

impl Serialize for Navigator {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Borrowed from the key's text: valid JSON, written by serde_json.
        let args: &RawValue =
            serde_json::from_str(self.key.args()).map_err(serde::ser::Error::custom)?;
        let extras = self.extras();
        StoredRef {
            source: self.key.name(),
            args,
            page: self.page,
            pages: self.pages,
            owner: extras.owner,
            buttons: extras.buttons,
            rows: &extras.rows,
            layout: extras.layout,
            expires_at: extras.expires_at,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Navigator {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredOwned::deserialize(deserializer)?;
        let key =
            SourceKey::stored(&stored.source, &stored.args).map_err(serde::de::Error::custom)?;
        let mut navigator = Self {
            key,
            page: narrow(stored.page),
            pages: narrow(stored.pages),
            extras: None,
        };
        navigator.set_extras(Extras {
            owner: stored.owner,
            buttons: stored.buttons,
            rows: stored.rows,
            layout: stored.layout,
            expires_at: stored.expires_at,
        });
        Ok(navigator)
    }
}
