//! Property tests of the custom_id templates: a value written into an id
//! with [`format()`] reads back as the same value through [`fields`] and
//! its [`IdField`] parser, or `format` refuses it with a [`CustomIdError`]
//! that is justified; never a different value. Matching arbitrary ids
//! against arbitrary templates never panics.

use std::{
    fmt::{self, Display},
    net::Ipv6Addr,
    num::NonZeroU64,
    str::FromStr,
};

use proptest::prelude::*;
use twilight_model::id::{
    Id,
    marker::{ChannelMarker, GenericMarker, MessageMarker, RoleMarker, UserMarker},
};

use super::*;

/// A user's own field type, as the docs suggest (`FromStr + Display`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shade {
    Red,
    Green,
    Custom(u8),
}

impl Display for Shade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Red => f.write_str("red"),
            Self::Green => f.write_str("green"),
            Self::Custom(n) => write!(f, "custom-{n}"),
        }
    }
}

impl FromStr for Shade {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text {
            "red" => Ok(Self::Red),
            "green" => Ok(Self::Green),
            _ => text
                .strip_prefix("custom-")
                .and_then(|n| n.parse().ok())
                .map(Self::Custom)
                .ok_or(()),
        }
    }
}

fn shade() -> impl Strategy<Value = Shade> {
    prop_oneof![
        Just(Shade::Red),
        Just(Shade::Green),
        any::<u8>().prop_map(Shade::Custom),
    ]
}

/// A template as `#[view]` accepts it: a literal prefix, 1 to 3 fields
/// separated by non-empty literals (fields never touch), and an optional
/// literal after the last field. Separators share characters with the
/// values (digits, `-`, `.`, `:`, letters) so ambiguous ids come up.
fn template() -> impl Strategy<Value = &'static str> {
    let prefix = "[a-z]{1,6}[:_/]";
    let separator = "[-:._/|a-z0-9é]{1,3}";
    (
        prefix,
        proptest::collection::vec(separator, 0..=2),
        proptest::option::of(separator),
    )
        .prop_map(|(prefix, separators, trailing)| {
            let mut template = prefix;
            template.push_str("{f0}");
            for (index, separator) in separators.iter().enumerate() {
                template.push_str(separator);
                template.push_str(&format!("{{f{}}}", index + 1));
            }
            if let Some(trailing) = trailing {
                template.push_str(&trailing);
            }
            // `format` takes the template as `&'static str`, as generated
            // code passes it; a few bytes per case.
            &*Box::leak(template.into_boxed_str())
        })
}

/// The number of `{field}`s of `template`.
fn field_count(template: &str) -> usize {
    segments(template)
        .unwrap_or_default()
        .iter()
        .filter(|segment| matches!(segment, Segment::Field(_)))
        .count()
}

/// Writes `values` into `template` (one value per field, cycling) and
/// checks the result: an id whose fields parse back to exactly the values,
/// or a refusal whose reason holds.
fn check_round_trip<T>(
    template: &'static str,
    values: &[T],
    same: impl Fn(&T, &T) -> bool,
) -> Result<(), TestCaseError>
where
    T: IdField + fmt::Debug,
{
    let count = field_count(template);
    let chosen: Vec<&T> = values.iter().cycle().take(count).collect();
    let texts: Vec<String> = chosen.iter().map(|value| value.to_field()).collect();
    match format(template, &texts) {
        Ok(id) => {
            prop_assert!(id.chars().count() <= CUSTOM_ID_MAX, "{id:?} is too long");
            let read = fields(template, &id);
            prop_assert!(read.is_some(), "{id:?} does not match {template:?}");
            let read = read.unwrap_or_default();
            prop_assert_eq!(read.len(), count);
            for ((text, value), read) in texts.iter().zip(&chosen).zip(&read) {
                prop_assert_eq!(*read, text.as_str(), "field text of {:?}", id);
                let parsed = T::from_field(read);
                prop_assert!(
                    parsed.as_ref().is_some_and(|parsed| same(parsed, value)),
                    "{value:?} was written as {read:?} in {id:?} and read back as {parsed:?}"
                );
            }
        }
        Err(error) => match error.kind() {
            CustomIdErrorKind::TooLong { custom_id, len } => {
                prop_assert_eq!(*len, custom_id.chars().count());
                prop_assert!(*len > CUSTOM_ID_MAX, "refused {custom_id:?} of {len} chars");
            }
            CustomIdErrorKind::Ambiguous { custom_id, .. } => {
                let read = fields(template, custom_id);
                let written: Vec<&str> = texts.iter().map(String::as_str).collect();
                prop_assert_ne!(
                    read,
                    Some(written),
                    "{} was refused as ambiguous but reads back the same",
                    custom_id
                );
            }
            other => prop_assert!(false, "{template:?} refused with {other:?}"),
        },
    }
    Ok(())
}

fn same_float<F: Into<f64> + Copy>(a: &F, b: &F) -> bool {
    let (a, b): (f64, f64) = ((*a).into(), (*b).into());
    a.to_bits() == b.to_bits() || a.is_nan() && b.is_nan()
}

/// One property per field type: `round_trip!(test_name, Type, strategy)`.
macro_rules! round_trip {
    ($($name:ident: $ty:ty = $values:expr, $same:expr;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]
            $(
                #[test]
                fn $name(
                    template in template(),
                    values in proptest::collection::vec($values, 3),
                ) {
                    check_round_trip::<$ty>(template, &values, $same)?;
                }
            )*
        }
    };
}

fn id<M>() -> impl Strategy<Value = Id<M>> {
    prop_oneof![1..=u64::MAX, 1..=1_000u64].prop_map(Id::new)
}

round_trip! {
    role_ids_round_trip: Id<RoleMarker> = id(), PartialEq::eq;
    user_ids_round_trip: Id<UserMarker> = id(), PartialEq::eq;
    channel_ids_round_trip: Id<ChannelMarker> = id(), PartialEq::eq;
    message_ids_round_trip: Id<MessageMarker> = id(), PartialEq::eq;
    generic_ids_round_trip: Id<GenericMarker> = id(), PartialEq::eq;
    u8_round_trips: u8 = any::<u8>(), PartialEq::eq;
    u16_round_trips: u16 = any::<u16>(), PartialEq::eq;
    u32_round_trips: u32 = any::<u32>(), PartialEq::eq;
    u64_round_trips: u64 = any::<u64>(), PartialEq::eq;
    u128_round_trips: u128 = any::<u128>(), PartialEq::eq;
    usize_round_trips: usize = any::<usize>(), PartialEq::eq;
    i8_round_trips: i8 = any::<i8>(), PartialEq::eq;
    i16_round_trips: i16 = any::<i16>(), PartialEq::eq;
    i32_round_trips: i32 = any::<i32>(), PartialEq::eq;
    i64_round_trips: i64 = any::<i64>(), PartialEq::eq;
    i128_round_trips: i128 = any::<i128>(), PartialEq::eq;
    isize_round_trips: isize = any::<isize>(), PartialEq::eq;
    non_zero_u64_round_trips: NonZeroU64 = any::<u64>().prop_filter_map("zero", NonZeroU64::new), PartialEq::eq;
    f32_round_trips: f32 = any::<f32>(), same_float;
    f64_round_trips: f64 = any::<f64>(), same_float;
    bool_round_trips: bool = any::<bool>(), PartialEq::eq;
    char_round_trips: char = any::<char>(), PartialEq::eq;
    string_round_trips: String = any::<String>(), PartialEq::eq;
    short_string_round_trips: String = "[-:._a-z0-9é{}]{0,6}", PartialEq::eq;
    enum_round_trips: Shade = shade(), PartialEq::eq;
    ipv6_round_trips: Ipv6Addr = any::<Ipv6Addr>(), PartialEq::eq;
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the template (even one `#[view]` would refuse) and the id,
    /// matching never panics, and a match is a reading of the whole id:
    /// the literals and the field texts, put back together, are the id.
    #[test]
    fn matching_arbitrary_ids_never_panics_and_reads_the_whole_id(
        template in prop_oneof![
            template().prop_map(str::to_owned),
            "[a-z:{}é]{0,12}",
            any::<String>(),
        ],
        custom_id in prop_oneof!["[a-z0-9:{}é._-]{0,16}", any::<String>()],
    ) {
        let _ = prefix(&template);
        let _ = is_template(&template);
        if let (Some(segments), Some(read)) = (segments(&template), fields(&template, &custom_id)) {
            let mut read = read.into_iter();
            let mut rebuilt = String::new();
            for segment in &segments {
                match segment {
                    Segment::Literal(literal) => rebuilt.push_str(literal),
                    Segment::Field(_) => rebuilt.push_str(read.next().unwrap_or_default()),
                }
            }
            prop_assert!(read.next().is_none(), "more fields than the template has");
            prop_assert_eq!(rebuilt, custom_id.as_str());
        }
        let template: &'static str = Box::leak(template.into_boxed_str());
        let texts = vec![custom_id.clone(); field_count(template).max(1)];
        let _ = format(template, &texts);
    }
}
