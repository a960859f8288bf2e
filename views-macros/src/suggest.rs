//! "did you mean `x`?" for unknown attribute keys: the closest valid key by
//! edit distance, when it is close enough to be a plausible typo.

/// Edit distance counting insertions, deletions, substitutions and swaps of
/// two adjacent characters (the commonest typo: `lable`), by characters.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between the first i chars of a and first j of b.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `unknown`, if within a third of its length
/// (at least 1, at most 3 edits): farther matches would be guesses.
pub fn closest<'a>(unknown: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (unknown.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|candidate| (distance(unknown, candidate), *candidate))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, candidate)| candidate)
}

/// `` `a`, `b`, `c` `` for error messages listing the valid choices.
pub fn list(choices: &[&str]) -> String {
    choices
        .iter()
        .map(|choice| format!("`{choice}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("label", "label"), 0);
        assert_eq!(distance("lable", "label"), 1);
        assert_eq!(distance("lbel", "label"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("labl", "label"), 1);
        assert_eq!(distance("", "row"), 3);
    }

    #[test]
    fn closest_suggests_typos_only() {
        let keys = ["custom_id", "label", "emoji", "style", "row"];
        assert_eq!(closest("lable", &keys), Some("label"));
        assert_eq!(closest("custom_di", &keys), Some("custom_id"));
        assert_eq!(closest("rows", &keys), Some("row"));
        assert_eq!(closest("colour", &keys), None);
    }

    #[test]
    fn list_quotes_choices() {
        assert_eq!(list(&["a", "b"]), "`a`, `b`");
    }
}
