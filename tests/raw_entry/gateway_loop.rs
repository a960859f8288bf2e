//! `shard.next_incoming(wanted)`: a shard's stream of frames read with
//! clicks left to the routing-only parse and every other frame given to
//! twilight as `next_event` gives it (types not wanted skipped, the close
//! frame as `Event::GatewayClose`, a malformed frame as twilight's error).

use futures_util::stream;
use serde_json::json;
use twilight_gateway::{CloseFrame, Event, EventTypeFlags, Message, error::ReceiveMessageError};
use twilight_views::gateway::{Incoming, IncomingExt as _};

use crate::{click_json, frame_of, one_callback, router};

#[tokio::test]
async fn clicks_come_raw_and_other_frames_as_twilight_parses_them() {
    let command = json!({
        "id": "3", "application_id": "100000000000000001", "type": 2, "token": "t",
        "attachment_size_limit": 8, "authorizing_integration_owners": {}, "version": 1,
        "data": {"id": "5", "name": "counter", "type": 1},
        "user": {"id": "7", "username": "user", "discriminator": "0", "avatar": null},
    });
    let typing =
        r#"{"op":0,"s":3,"t":"TYPING_START","d":{"channel_id":"1","user_id":"2","timestamp":5}}"#;
    let frames: Vec<Result<Message, ReceiveMessageError>> = vec![
        Ok(Message::Text(frame_of(&click_json("probe:ids", 900)))),
        // Not wanted: skipped, as `next_event` skips it.
        Ok(Message::Text(typing.to_owned())),
        Ok(Message::Text(frame_of(&command))),
        Ok(Message::Text(
            r#"{"op":0,"t":"INTERACTION_CREATE","d":{"id":"#.to_owned(),
        )),
        Ok(Message::Close(Some(CloseFrame::NORMAL))),
    ];
    let mut shard = stream::iter(frames);
    let wanted = EventTypeFlags::INTERACTION_CREATE;

    let Some(Ok(Incoming::Interaction(click))) = shard.next_incoming(wanted).await else {
        panic!("the click comes raw");
    };
    let (router, recorder) = router();
    assert!(router.dispatch(click).await.is_handled());
    assert!(one_callback(&recorder));

    let Some(Ok(Incoming::Event(Event::InteractionCreate(event)))) =
        shard.next_incoming(wanted).await
    else {
        panic!("the command is twilight's event, and the typing frame was skipped");
    };
    assert_eq!(event.0.token, "t");

    assert!(
        matches!(shard.next_incoming(wanted).await, Some(Err(_))),
        "a malformed frame is twilight's error"
    );
    assert!(matches!(
        shard.next_incoming(wanted).await,
        Some(Ok(Incoming::Event(Event::GatewayClose(Some(_)))))
    ));
    assert!(shard.next_incoming(wanted).await.is_none());
}
