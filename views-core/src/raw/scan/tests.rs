//! The skip against serde_json's skip of an ignored value: on random JSON
//! documents, on them mutated and cut short, on random bytes, and on deep
//! nesting.

use proptest::prelude::*;
use serde::{Deserialize, de::IgnoredAny};
use serde_json::Value;

use super::{MAX_DEPTH, Scanner, Stop, string_stop};

/// Whether serde_json skips the whole text as one value.
fn serde_skips(text: &[u8]) -> bool {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    IgnoredAny::deserialize(&mut deserializer).is_ok() && deserializer.end().is_ok()
}

/// Whether the scanner skips the whole text as one value.
fn scanner_skips(text: &[u8]) -> Result<bool, Stop> {
    let mut scanner = Scanner::new(text);
    scanner.skip_value()?;
    Ok(scanner.at_end())
}

/// The two agree: the scanner takes what serde_json takes, and gives up
/// (never accepts) where serde_json refuses.
fn agree(text: &[u8]) -> Result<(), TestCaseError> {
    let serde = serde_skips(text);
    let scanner = scanner_skips(text);
    prop_assert_ne!(scanner, Err(Stop::Refused), "the skip never refuses alone");
    prop_assert_eq!(
        scanner.unwrap_or(false),
        serde,
        "{:?}",
        String::from_utf8_lossy(text)
    );
    Ok(())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |number| number.is_finite())
            .prop_map(Value::from),
        // Escapes, control characters, non-ASCII text.
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Bytes JSON is made of, and a few it is not.
const ALPHABET: &[u8] = b" \t\n\r{}[]\",:\\/-+.0123456789eEnultrfasbu\x00\x1f\x7f\xc3\xa9\xff";

fn edit() -> impl Strategy<Value = (usize, usize, u8)> {
    (any::<usize>(), 0..3usize, prop::sample::select(ALPHABET))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn skips_every_json_document(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_vec_pretty(&value)
        } else {
            serde_json::to_vec(&value)
        }
        .expect("serialises");
        prop_assert_eq!(scanner_skips(&text), Ok(true));
        agree(&text)?;
    }

    #[test]
    fn agrees_on_mutated_documents(
        value in json_value(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let mut text = serde_json::to_vec(&value).expect("serialises");
        for (at, removed, byte) in edits {
            let at = at % (text.len() + 1);
            let end = (at + removed).min(text.len());
            text.splice(at..end, [byte]);
        }
        agree(&text)?;
    }

    #[test]
    fn agrees_on_every_truncation(value in json_value()) {
        let text = serde_json::to_vec(&value).expect("serialises");
        for end in 0..text.len() {
            agree(&text[..end])?;
        }
    }

    /// The word-at-a-time search against a byte-by-byte one, wherever the
    /// stop falls against the eight-byte words and the end of the text.
    #[test]
    fn string_stop_finds_the_first_stop(
        text in prop::collection::vec(prop_oneof![8 => b'a'..=b'z', 1 => any::<u8>()], 0..48),
        start in 0..50usize,
    ) {
        let expected = text.get(start..).and_then(|rest| {
            rest.iter()
                .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
                .map(|offset| start + offset)
        });
        prop_assert_eq!(string_stop(&text, start), expected);
    }

    #[test]
    fn agrees_on_random_bytes(text in prop::collection::vec(prop::sample::select(ALPHABET), 0..40)) {
        agree(&text)?;
    }
}

#[test]
fn nesting_is_followed_to_the_limit_and_no_further() {
    for depth in [2, 4, 64, MAX_DEPTH as usize] {
        let text = format!(
            "{}0{}",
            "[{\"a\":".repeat(depth / 2),
            "}]".repeat(depth / 2)
        );
        assert_eq!(scanner_skips(text.as_bytes()), Ok(true), "{depth}");
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(scanner_skips(text.as_bytes()), Ok(true), "{depth}");
    }
    let deeper = MAX_DEPTH as usize + 1;
    let text = format!("{}{}", "[".repeat(deeper), "]".repeat(deeper));
    assert_eq!(scanner_skips(text.as_bytes()), Err(Stop::Unsure));
}

#[test]
fn a_hostile_depth_gives_up_without_exhausting_the_stack() {
    for open in ["[", "{\"a\":", "[{\"\":"] {
        let text = open.repeat(1_000_000);
        assert_eq!(scanner_skips(text.as_bytes()), Err(Stop::Unsure));
    }
}

#[test]
fn mismatched_brackets_and_stray_commas_are_not_taken() {
    for text in [
        "[}",
        "{]",
        "[1,]",
        "{\"a\":1,}",
        "[,1]",
        "{,}",
        "{\"a\"}",
        "{\"a\":}",
        "{1:2}",
        "[1 2]",
        "01",
        "1.",
        "1e",
        "-",
        "+1",
        "\"\\x\"",
        "\"\\u12g4\"",
        "\"a\u{1}\"",
        "nul",
        "tru",
    ] {
        assert_ne!(scanner_skips(text.as_bytes()), Ok(true), "{text}");
        assert!(!serde_skips(text.as_bytes()), "{text}");
    }
}
