//! The guide's pages (`docs/*.md`) as doc comments, so `cargo test --doc`
//! compiles every Rust snippet in them like the README's, and a snippet
//! that no longer matches the API fails the build instead of misleading a
//! reader.

/// One empty module per page, documented by the page; and the list of
/// pages, which a unit test compares with the files in `docs/`.
macro_rules! guide_pages {
    ($($module:ident => $file:literal,)*) => {
        $(
            #[cfg(doctest)]
            #[doc = include_str!(concat!("../docs/", $file))]
            mod $module {}
        )*

        /// The pages included above, by file name.
        #[cfg(test)]
        const INCLUDED: &[&str] = &[$($file),*];
    };
}

guide_pages! {
    checks_and_errors => "checks-and-errors.md",
    dynamic => "dynamic.md",
    examples => "examples.md",
    first_view => "first-view.md",
    http_interactions => "http-interactions.md",
    index => "index.md",
    layouts => "layouts.md",
    migrating => "migrating.md",
    modals => "modals.md",
    navigation => "navigation.md",
    operations => "operations.md",
    performance => "performance.md",
    persistence => "persistence.md",
    reliability => "reliability.md",
    routing => "routing.md",
    sandbox => "sandbox.md",
    scaling => "scaling.md",
    slash_commands => "slash-commands.md",
    timeouts => "timeouts.md",
    views => "views.md",
}

#[cfg(test)]
mod tests {
    use super::INCLUDED;

    /// A page added to `docs/` without a line above would have snippets
    /// nothing compiles.
    #[test]
    fn every_page_of_the_guide_is_a_doctest() {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        let mut pages: Vec<String> = std::fs::read_dir(&docs)
            .expect("docs/ is readable")
            .map(|entry| entry.expect("a docs/ entry").file_name())
            .filter_map(|name| name.into_string().ok())
            .filter(|name| name.ends_with(".md"))
            .collect();
        pages.sort();
        let mut included: Vec<&str> = INCLUDED.to_vec();
        included.sort_unstable();
        assert_eq!(
            pages, included,
            "every docs/*.md page is listed in src/guide.rs (and only those)"
        );
    }
}
