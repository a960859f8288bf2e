//! What the frame entry takes and what it hands back: clicks and modal
//! submissions are taken; every other frame, and every malformed one, goes
//! back unchanged to twilight-gateway, which parses it (or refuses it)
//! exactly as it did before the entry existed.

use serde_json::json;
use twilight_gateway::{EventTypeFlags, parse};
use twilight_model::{
    gateway::event::{DispatchEvent, GatewayEvent},
    id::Id,
};
use twilight_views::RawInteraction;
use views_testkit::discord::{USER_ID, interaction_json};

use crate::{click_json, frame_of, router};

/// `frame` is handed back unchanged.
fn handed_back(frame: &str) -> String {
    match RawInteraction::from_frame(frame.to_owned()) {
        Ok(raw) => panic!("taken: {raw:?}"),
        Err(back) => {
            assert_eq!(back, frame);
            back
        }
    }
}

#[test]
fn malformed_frames_are_refused_by_twilight_as_before() {
    let click = click_json("probe:ids", 900).to_string();
    let mut no_token = click_json("probe:ids", 900);
    no_token.as_object_mut().unwrap().remove("token");
    let mut no_custom_id = click_json("probe:ids", 900);
    no_custom_id["data"]
        .as_object_mut()
        .unwrap()
        .remove("custom_id");
    let mut bad_id = click_json("probe:ids", 900);
    bad_id["id"] = json!("not a number");
    for frame in [
        frame_of(&no_token),
        frame_of(&no_custom_id),
        frame_of(&bad_id),
        format!(r#"{{"op":0,"s":1,"t":"INTERACTION_CREATE","d":{}"#, click),
        r#"{"op":0,"s":1,"t":"INTERACTION_CREATE","d":"{}"}"#.to_owned(),
        r#"{"op":0,"s":1,"t":"INTERACTION_CREATE","d":null}"#.to_owned(),
        "not json".to_owned(),
    ] {
        let back = handed_back(&frame);
        // Before this entry a bot gave every frame to twilight-gateway,
        // which refuses these: it still gets them, and still refuses them.
        assert!(
            parse(back, EventTypeFlags::all()).is_err(),
            "twilight-gateway parses {frame}"
        );
    }
}

#[test]
fn other_events_and_interactions_go_back_to_twilight() {
    let command = json!({
        "id": "3", "application_id": "100000000000000001", "type": 2, "token": "t",
        "attachment_size_limit": 8, "authorizing_integration_owners": {}, "version": 1,
        "data": {"id": "5", "name": "counter", "type": 1},
        "user": {"id": USER_ID.to_string(), "username": "user", "discriminator": "0", "avatar": null},
    });
    let hello = r#"{"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null}"#;
    let typing =
        r#"{"op":0,"s":3,"t":"TYPING_START","d":{"channel_id":"1","user_id":"2","timestamp":5}}"#;
    for frame in [hello.to_owned(), typing.to_owned(), frame_of(&command)] {
        let back = handed_back(&frame);
        assert!(parse(back, EventTypeFlags::all()).is_ok(), "{frame}");
    }
    let Ok(Some(GatewayEvent::Dispatch(_, DispatchEvent::InteractionCreate(event)))) =
        parse(frame_of(&command), EventTypeFlags::all())
    else {
        panic!("the command is an interaction for twilight");
    };
    assert_eq!(event.0.token, "t");
}

#[test]
fn escaped_strings_are_decoded() {
    let mut click = click_json("probe:ids", 900);
    click["token"] = json!("tok\"en/é");
    let text = frame_of(&click).replace("probe:ids", "probe\\u003aids");
    let raw = RawInteraction::from_frame(text).expect("taken");
    assert_eq!(raw.custom_id(), "probe:ids");
    assert_eq!(raw.token(), "tok\"en/é");
}

#[test]
fn the_frame_and_the_body_read_alike_whatever_the_key_order() {
    let click = click_json("probe:ids", 900);
    let body = RawInteraction::from_body(click.to_string().into_bytes()).expect("taken");
    let d_first = format!(r#"{{"d":{click},"s":9,"op":0,"t":"INTERACTION_CREATE"}}"#);
    for frame in [frame_of(&click), d_first] {
        let raw = RawInteraction::from_frame(frame).expect("taken");
        assert_eq!(raw.id(), body.id());
        assert_eq!(raw.token(), body.token());
        assert_eq!(raw.custom_id(), body.custom_id());
        assert_eq!(raw.user_id(), Some(Id::new(USER_ID)));
        assert_eq!(raw.interaction(), body.interaction());
    }
}

#[tokio::test]
async fn a_click_frame_is_routed_and_answered() {
    let (router, recorder) = router();
    let frame = frame_of(&interaction_json(
        json!({"component_type": 2, "custom_id": "probe:ids"}),
        Some(900),
        USER_ID,
    ));
    let raw = RawInteraction::from_frame(frame).expect("taken");
    let id = raw.id();
    assert!(router.dispatch(raw).await.is_handled());
    assert_eq!(recorder.sent_for(id).len(), 1);
}
