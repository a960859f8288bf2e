//! The walk against serde's reading (`slim`): whenever the walk answers
//! alone, it answers as serde's reading does, on a click, a select, a
//! modal submission and other frames, and on them edited at random.

use proptest::prelude::*;

use super::{super::scan::Stop, walk_frame, walk_object};
use crate::raw::slim;

const SELECT: &str = r#"{"id":"1100000000000000001","application_id":"1100000000000000002","type":3,"token":"aW50ZXJhY3Rpb24","version":1,"attachment_size_limit":8388608,"authorizing_integration_owners":{"0":"1100000000000000003"},"entitlements":[],"app_permissions":"442368","guild_id":"1100000000000000003","guild_locale":"en-US","locale":"fr","channel":{"id":"1100000000000000004","type":0,"name":"général"},"channel_id":"1100000000000000004","member":{"user":{"id":"1100000000000000005","username":"Ana","avatar":null,"public_flags":0},"roles":["1","2"],"nick":"A\"na","deaf":false},"data":{"component_type":3,"id":7,"custom_id":"tvi:ab12:0","values":["one","t\u00e9o",""]},"message":{"id":"1100000000000000006","content":"hi \\ \n there","embeds":[{"fields":[{"name":"x","value":"y"}],"color":-1.5e3}],"interaction_metadata":{"id":"1100000000000000007","type":2,"user":{"id":"1100000000000000005"}},"components":[{"type":1,"components":[{"type":3,"custom_id":"tvi:ab12:0","options":[]}]}]}}"#;

const BUTTON: &str = r#"{"type":3,"data":{"custom_id":"c\/d","component_type":2},"token":"tok","id":"11","application_id":"12","user":{"id":"13","bot":false},"authorizing_integration_owners":{},"attachment_size_limit":0,"message":{"id":"14","interaction_metadata":null},"guild_id":null,"context":1}"#;

const MODAL: &str = r#"{"id":"21","application_id":"22","type":5,"token":"t","attachment_size_limit":1,"authorizing_integration_owners":{"1":"23"},"user":{"id":"24"},"data":{"custom_id":"tvm:form","components":[{"type":1,"id":1,"components":[{"type":4,"id":2,"custom_id":"name","value":"Zoé"}]}]}}"#;

const COMMAND: &str = r#"{"id":"31","application_id":"32","type":2,"token":"t","attachment_size_limit":1,"authorizing_integration_owners":{},"data":{"id":"33","name":"ping","type":1}}"#;

fn frames(object: &str) -> [String; 2] {
    [
        format!(r#"{{"t":"INTERACTION_CREATE","s":3,"op":0,"d":{object}}}"#),
        format!(r#"{{"d":{object},"op":0,"s":3,"t":"INTERACTION_CREATE"}}"#),
    ]
}

/// The walk's answer, when it answers, is serde's.
fn agree(text: &[u8]) -> Result<(), TestCaseError> {
    let serde = slim::read_object(text);
    match walk_object(text) {
        Ok(routing) => prop_assert_eq!(
            Some(format!("{routing:?}")),
            serde.map(|routing| format!("{routing:?}")),
            "{}",
            String::from_utf8_lossy(text)
        ),
        Err(Stop::Refused) => prop_assert!(serde.is_none(), "{}", String::from_utf8_lossy(text)),
        Err(Stop::Unsure) => {}
    }
    let Ok(text) = std::str::from_utf8(text) else {
        return Ok(());
    };
    for frame in frames(text) {
        let serde = slim::read_frame(&frame);
        match walk_frame(frame.as_bytes()) {
            Ok(routing) => prop_assert_eq!(
                Some(format!("{routing:?}")),
                serde.map(|routing| format!("{routing:?}")),
                "{}",
                frame
            ),
            Err(Stop::Refused) => prop_assert!(serde.is_none(), "{}", frame),
            Err(Stop::Unsure) => {}
        }
    }
    Ok(())
}

#[test]
fn clicks_and_submissions_are_read_without_serde() {
    for object in [SELECT, BUTTON, MODAL] {
        let routing =
            walk_object(object.as_bytes()).unwrap_or_else(|stop| panic!("{stop:?}: {object}"));
        let serde = slim::read_object(object.as_bytes()).expect("read by serde");
        assert_eq!(format!("{routing:?}"), format!("{serde:?}"));
        for frame in frames(object) {
            let routing = walk_frame(frame.as_bytes()).expect("read by the walk");
            let serde = slim::read_frame(&frame).expect("read by serde");
            assert_eq!(format!("{routing:?}"), format!("{serde:?}"));
        }
    }
}

#[test]
fn other_interactions_and_events_are_refused_without_serde() {
    assert_eq!(walk_object(COMMAND.as_bytes()).err(), Some(Stop::Refused));
    for frame in [
        r#"{"t":"MESSAGE_CREATE","s":3,"op":0,"d":{"id":"1"}}"#.to_owned(),
        r#"{"op":11,"d":null}"#.to_owned(),
        r#"{"t":null,"s":null,"op":10,"d":{"heartbeat_interval":41250}}"#.to_owned(),
        frames(COMMAND)[0].clone(),
        frames(COMMAND)[1].clone(),
    ] {
        assert_eq!(
            walk_frame(frame.as_bytes()).err(),
            Some(Stop::Refused),
            "{frame}"
        );
        assert!(slim::read_frame(&frame).is_none());
    }
}

#[test]
fn the_seeds_agree() {
    for object in [SELECT, BUTTON, MODAL, COMMAND] {
        agree(object.as_bytes()).unwrap_or_else(|error| panic!("{error}"));
    }
}

/// Snippets an edit inserts: values of other shapes, keys given twice,
/// escapes, nulls, broken syntax.
const SNIPPETS: &[&str] = &[
    "null",
    "\"x\"",
    "1",
    "-0",
    "3",
    "5",
    "2",
    "{}",
    "[]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0041",
    "\\ud800",
    "\"id\":\"9\",",
    "\"type\":3,",
    "\"token\":\"t\",",
    "\"data\":null,",
    "\"message\":null,",
    "\"user\":{\"id\":\"8\"},",
    "\"member\":{},",
    "\"guild_id\":\"0\",",
    "\"values\":[\"a\"],",
    "\"custom_id\":\"z\",",
    "\"component_type\":256,",
    "\"locale\":\"x\",",
    "\"op\":0,",
    "\"t\":\"INTERACTION_CREATE\",",
    "\"d\":{},",
    "12345678901234567890123",
    "\u{e9}",
    "\u{1}",
    " ",
    "}",
    "]",
    "[",
    "{",
];

fn edit() -> impl Strategy<Value = (usize, usize, &'static str)> {
    (any::<usize>(), 0..4usize, prop::sample::select(SNIPPETS))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    #[test]
    fn edited_payloads_agree(
        seed in prop::sample::select(vec![SELECT, BUTTON, MODAL, COMMAND]),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let mut text = seed.as_bytes().to_vec();
        for (at, removed, snippet) in edits {
            let at = at % (text.len() + 1);
            let end = (at + removed).min(text.len());
            text.splice(at..end, snippet.bytes());
        }
        agree(&text)?;
    }

    #[test]
    fn truncated_payloads_agree(
        seed in prop::sample::select(vec![SELECT, BUTTON, MODAL]),
        end in any::<usize>(),
    ) {
        let end = end % seed.len();
        agree(&seed.as_bytes()[..end])?;
    }
}
