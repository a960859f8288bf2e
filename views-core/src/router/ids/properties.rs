//! Property tests of the generated-id parser: any custom_id a user can
//! send is either not ours (`None`) or splits into an instance prefix and
//! the item index it spells; never a panic.

use proptest::prelude::*;

use super::*;

/// Ids shaped like generated ones, with every part open to garbage: the
/// parser's branches are reached far more often than by random strings.
fn generated_looking() -> impl Strategy<Value = String> {
    let instance = prop_oneof![
        "[0-9a-f]{0,16}\\.[0-9a-f]{0,16}",
        "[:.0-9a-zé]{0,12}",
        any::<String>()
    ];
    let index = prop_oneof![
        "[0-9]{0,3}",
        "[0-9]{18,40}",
        "[-+ 0-9a-z:]{0,4}",
        any::<usize>().prop_map(|n| n.to_string()),
    ];
    (instance, index).prop_map(|(instance, index)| format!("{INSTANCE_PREFIX}{instance}:{index}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// A parse is exact: the prefix is the id's own start, ends at the
    /// last `:`, and what follows it is the decimal index returned.
    #[test]
    fn parse_never_panics_and_splits_exactly(
        custom_id in prop_oneof![generated_looking(), any::<String>(), "tvi:[:.a-f0-9]{0,8}"],
    ) {
        if let Some((prefix, index)) = parse(&custom_id) {
            prop_assert!(prefix.starts_with(INSTANCE_PREFIX));
            prop_assert!(prefix.ends_with(':'));
            prop_assert!(prefix.len() > INSTANCE_PREFIX.len() + 1, "empty instance in {custom_id:?}");
            prop_assert!(custom_id.starts_with(prefix));
            let rest = &custom_id[prefix.len()..];
            prop_assert!(!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(rest.parse::<usize>().ok(), Some(index));
        } else if let Some(rest) = custom_id.strip_prefix(INSTANCE_PREFIX)
            && let Some((instance, index)) = rest.rsplit_once(':')
        {
            // Refused although it looks like ours: one part must be bad.
            prop_assert!(
                instance.is_empty()
                    || index.is_empty()
                    || !index.bytes().all(|b| b.is_ascii_digit())
                    || index.parse::<usize>().is_err(),
                "{custom_id:?} was refused"
            );
        }
    }

    /// Every id the generator hands out parses back to its prefix and the
    /// item index appended to it.
    #[test]
    fn generated_ids_parse_back(skip in 0..64u32, index in any::<usize>()) {
        let ids = IdGenerator::new();
        for _ in 0..skip {
            ids.next();
        }
        let prefix = ids.next();
        let custom_id = format!("{prefix}{index}");
        prop_assert_eq!(parse(&custom_id), Some((prefix.as_str(), index)));
    }
}
