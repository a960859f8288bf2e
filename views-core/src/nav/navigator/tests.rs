//! The navigator's size, its stored form, and its boxed extras.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use super::*;
use crate::nav::NavErrorKind;

/// The router keeps a cached view in one block with its lock, version
/// and type (`StoredInstance` in an `Arc`), 88 bytes before the view;
/// the allocator rounds blocks to 16 bytes. At 32 bytes a navigator's
/// block is 128 bytes; 8 more would make it 144.
#[test]
fn a_navigator_takes_32_bytes() {
    assert!(
        std::mem::size_of::<Navigator>() <= 32,
        "{} bytes",
        std::mem::size_of::<Navigator>()
    );
}

#[derive(Serialize, Deserialize)]
struct Letters {
    from: char,
}

impl Pages for Letters {
    const NAME: &'static str = "navigator-test-letters";

    async fn page_count(&self) -> usize {
        26
    }

    async fn page(&self, index: usize) -> Page {
        Page::new().content(format!("{}+{index}", self.from))
    }
}

/// Stored navigators as they have always been written read back and
/// are written again unchanged: the defaults omitted, the rarer fields
/// (owner, buttons, rows, layout, deadline) when set.
#[tokio::test]
async fn stored_rows_read_back_as_written() {
    crate::nav::source::register::<Letters>().unwrap();
    let plain = json!({
        "source": "navigator-test-letters",
        "args": {"from": "a"},
        "page": 3,
        "pages": 26,
    });
    let full = json!({
        "source": "navigator-test-letters",
        "args": {"from": "b"},
        "page": 25,
        "pages": 26,
        "owner": "80351110224678912",
        "buttons": {"first": false, "prev": true, "indicator": true, "next": true, "last": false, "stop": true},
        "rows": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "Mine", "custom_id": "mine"}]}],
        "layout": true,
        "expires_at": 4_102_444_800_u64,
    });
    for stored in [plain, full] {
        let navigator: Navigator = serde_json::from_value(stored.clone()).unwrap();
        assert_eq!(serde_json::to_value(&navigator).unwrap(), stored);
    }
    // Written before the page numbers had defaults: only the source.
    let oldest: Navigator = serde_json::from_value(json!({
        "source": "navigator-test-letters",
        "args": {"from": "c"},
    }))
    .unwrap();
    assert_eq!((oldest.page(), oldest.page_count()), (0, 0));
    assert!(oldest.extras.is_none(), "nothing boxed for the defaults");
}

#[tokio::test]
async fn an_unregistered_source_still_loads_and_is_kept() {
    let stored = json!({"source": "navigator-test-nobody", "args": [1, 2], "page": 1, "pages": 2});
    let navigator: Navigator = serde_json::from_value(stored.clone()).unwrap();
    let Err(error) = navigator.key.load() else {
        panic!("no source is registered under that name")
    };
    assert!(matches!(
        error.kind(),
        NavErrorKind::UnknownSource { name } if name == "navigator-test-nobody"
    ));
    assert_eq!(serde_json::to_value(&navigator).unwrap(), stored);
}

#[tokio::test]
async fn only_settings_off_their_defaults_are_boxed() {
    let (_, navigator) = Navigator::open(Letters { from: 'x' }).await.unwrap();
    assert!(navigator.extras.is_none());
    let owned = navigator.clone().owner(Some(Id::new(1)));
    assert_eq!(owned.extras().owner, Some(Id::new(1)));
    let unowned = owned.owner(None);
    assert!(unowned.extras.is_none(), "back to no box");
    assert_eq!(unowned.key, navigator.key);
}
