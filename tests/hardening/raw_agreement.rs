//! The routing-only parse against twilight's full parse: on every fixture
//! payload (as a whole interaction, as `hostile_payloads` seeds them, and
//! as the file itself) and on a run of hostile payloads made from them,
//! read as an HTTP body and inside a gateway frame.
//!
//! Agreement means: what twilight parses as a component click or a modal
//! submission, the routing-only parse takes, with the same routing fields;
//! what twilight parses as anything else, or refuses for a malformed
//! document, the routing-only parse hands back (for twilight to parse, or
//! refuse, as before). The one way they may differ is a payload twilight
//! refuses for a field the router never reads (deep in the message, say):
//! the routing parse takes it, and its full parse then gives the routing
//! fields alone. Those are counted and checked too.

use serde_json::Value;
use twilight_gateway::{EventTypeFlags, parse as parse_frame};
use twilight_model::{
    application::interaction::{Interaction, InteractionData, InteractionType},
    gateway::event::{DispatchEvent, GatewayEvent},
};
use twilight_views::RawInteraction;

use crate::{
    Rng, fixture_payloads,
    hostile_payloads::{Targets, hostile, seed_interaction},
};

/// Hostile payloads compared (each as a body and as two frames).
const HOSTILE: u64 = 5_000;

/// What came of one payload.
#[derive(Default, Debug)]
struct Counts {
    routed: u64,
    handed_back: u64,
    /// Taken by the routing parse, refused by twilight.
    routed_where_twilight_refuses: u64,
    /// The same, for frames against twilight-gateway.
    frames_routed_where_twilight_refuses: u64,
}

#[test]
fn the_routing_parse_agrees_with_twilight_on_every_fixture() {
    let mut counts = Counts::default();
    for (name, fixture) in fixture_payloads() {
        for payload in [seed_interaction(&fixture), fixture] {
            let body = payload.to_string().into_bytes();
            compare(&name, &body, &mut counts);
        }
    }
    eprintln!("fixtures: {counts:?}");
    assert!(counts.routed >= 40, "{counts:?}");
    assert!(counts.handed_back > 0, "{counts:?}");
    assert_eq!(
        (
            counts.routed_where_twilight_refuses,
            counts.frames_routed_where_twilight_refuses
        ),
        (0, 0),
        "on real payloads the two parses take the same ones"
    );
}

#[test]
fn the_routing_parse_agrees_with_twilight_on_hostile_payloads() {
    // Deeply nested payloads: serde_json's recursion in an unoptimised
    // build needs more than a test thread's stack (as in hostile_payloads).
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(hostile_run)
        .expect("thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
}

fn hostile_run() {
    let targets = Targets::new(
        vec!["tvi:x1y2:0".to_owned(), "tvi:x1y2:1".to_owned()],
        vec!["tvi:gone:0".to_owned()],
        vec![1_100_000_000_000_000_001],
    );
    let seeds: Vec<(String, Value)> = fixture_payloads()
        .into_iter()
        .map(|(name, fixture)| (name, seed_interaction(&fixture)))
        .collect();
    let mut counts = Counts::default();
    for index in 0..HOSTILE {
        let mut rng = Rng::new(0x5eed_0000 + index);
        let (name, seed) = rng.pick(&seeds);
        let body = hostile(seed, true, &mut rng, &targets);
        compare(&format!("{name} #{index}"), &body, &mut counts);
    }
    eprintln!("hostile payloads: {counts:?}");
    // About a quarter survive both parses, half neither; the rest are
    // mutated where routing does not read, and routed from what it does.
    assert!(counts.routed > HOSTILE / 6, "{counts:?}");
    assert!(counts.handed_back > HOSTILE / 3, "{counts:?}");
}

/// Compares both parses of `body`, alone and framed.
fn compare(name: &str, body: &[u8], counts: &mut Counts) {
    let twilight = serde_json::from_slice::<Interaction>(body).ok();
    let routed = RawInteraction::from_body(body.to_vec());
    match (&twilight, &routed) {
        (Some(full), Ok(raw)) => {
            assert!(
                is_routed(full),
                "{name}: the routing parse takes a {:?} interaction",
                full.kind
            );
            same_fields(name, raw, full);
            assert_eq!(raw.interaction(), full, "{name}: the lazy full parse");
            counts.routed += 1;
        }
        (Some(full), Err(back)) => {
            assert!(
                !is_routed(full),
                "{name}: twilight parses a click the routing parse refuses: {}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(back, body, "{name}: handed back unchanged");
            counts.handed_back += 1;
        }
        (None, Err(back)) => {
            assert_eq!(back, body, "{name}: handed back unchanged");
            counts.handed_back += 1;
        }
        (None, Ok(raw)) => {
            if std::env::var_os("RAW_AGREEMENT_DEBUG").is_some() {
                eprintln!(
                    "{name}: {:?}",
                    serde_json::from_slice::<Interaction>(body).err()
                );
            }
            // Refused by twilight for what routing does not read: the full
            // parse gives the routing fields, and nothing it cannot vouch
            // for.
            let fallback = raw.interaction();
            assert_eq!(fallback.id, raw.id(), "{name}");
            assert_eq!(fallback.token, raw.token(), "{name}");
            assert_eq!(fallback.kind, raw.kind(), "{name}");
            assert!(fallback.message.is_none() && fallback.member.is_none());
            counts.routed_where_twilight_refuses += 1;
        }
    }
    if let Ok(text) = std::str::from_utf8(body) {
        compare_frames(name, text, routed.as_ref().ok(), counts);
    }
}

/// The same payload inside a gateway frame, with `t` before `d` and
/// after it, against twilight-gateway's own parse of the frame (what a bot
/// got before this entry): a click it parses is taken, with the same
/// fields; anything the frame entry does not take comes back unchanged.
fn compare_frames(name: &str, text: &str, from_body: Option<&RawInteraction>, counts: &mut Counts) {
    for frame in [
        format!(r#"{{"op":0,"s":7,"t":"INTERACTION_CREATE","d":{text}}}"#),
        format!(r#"{{"d":{text},"op":0,"s":7,"t":"INTERACTION_CREATE"}}"#),
    ] {
        let gateway = match parse_frame(frame.clone(), EventTypeFlags::all()) {
            Ok(Some(GatewayEvent::Dispatch(_, DispatchEvent::InteractionCreate(event)))) => {
                Some(event.0)
            }
            _ => None,
        };
        match (RawInteraction::from_frame(frame.clone()), gateway) {
            (Ok(raw), Some(full)) => {
                assert!(is_routed(&full), "{name}: takes a {:?}", full.kind);
                same_fields(name, &raw, &full);
                assert_eq!(raw.interaction(), &full, "{name}: the lazy full parse");
                if let Some(body) = from_body {
                    assert_eq!(raw.interaction(), body.interaction(), "{name}");
                }
            }
            (Ok(raw), None) => {
                assert_eq!(raw.interaction().id, raw.id(), "{name}");
                counts.frames_routed_where_twilight_refuses += 1;
            }
            (Err(back), gateway) => {
                assert_eq!(back, frame, "{name}: handed back unchanged");
                if let Some(full) = gateway {
                    assert!(
                        !is_routed(&full),
                        "{name}: twilight-gateway parses a click the frame entry refuses: {frame}"
                    );
                }
            }
        }
    }
}

/// Whether the router routes `interaction` from its routing fields.
fn is_routed(interaction: &Interaction) -> bool {
    matches!(
        (interaction.kind, &interaction.data),
        (
            InteractionType::MessageComponent,
            Some(InteractionData::MessageComponent(_))
        ) | (
            InteractionType::ModalSubmit,
            Some(InteractionData::ModalSubmit(_))
        )
    )
}

/// The routing fields equal twilight's.
fn same_fields(name: &str, raw: &RawInteraction, full: &Interaction) {
    assert_eq!(raw.id(), full.id, "{name}: id");
    assert_eq!(raw.application_id(), full.application_id, "{name}");
    assert_eq!(raw.kind(), full.kind, "{name}: type");
    assert_eq!(raw.token(), full.token, "{name}: token");
    assert_eq!(raw.guild_id(), full.guild_id, "{name}: guild");
    assert_eq!(raw.user_id(), full.author_id(), "{name}: user");
    #[allow(deprecated)]
    let channel = full
        .channel
        .as_ref()
        .map(|channel| channel.id)
        .or(full.channel_id);
    assert_eq!(raw.channel_id(), channel, "{name}: channel");
    let message = full.message.as_ref();
    assert_eq!(raw.message_id(), message.map(|m| m.id), "{name}: message");
    assert_eq!(
        raw.origin_interaction_id(),
        message
            .and_then(|m| m.interaction_metadata.as_ref())
            .map(|metadata| metadata.id),
        "{name}: interaction_metadata"
    );
    match &full.data {
        Some(InteractionData::MessageComponent(data)) => {
            assert_eq!(raw.custom_id(), data.custom_id, "{name}: custom_id");
            assert_eq!(raw.component_type(), Some(data.component_type), "{name}");
            assert_eq!(raw.values(), data.values.as_slice(), "{name}: values");
        }
        Some(InteractionData::ModalSubmit(data)) => {
            assert_eq!(raw.custom_id(), data.custom_id, "{name}: custom_id");
            assert_eq!(raw.component_type(), None, "{name}");
        }
        _ => unreachable!("only clicks and submissions are routed"),
    }
}
