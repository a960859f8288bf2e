//! Compile-time rules of the macros: every `tests/ui/fail` case must fail
//! with exactly its `.stderr`, every `tests/ui/pass` case must compile.
//! Regenerate with `TRYBUILD=overwrite cargo test --test ui`, then read them.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
