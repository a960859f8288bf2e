//! Compile-time rules of the macros, grouped by the macro whose rule a case
//! breaks (`tests/ui/{view,button,select,modal,dynamic,layout}/`): every case
//! there must fail with exactly its `.stderr`; every `tests/ui/pass` case
//! must compile. Regenerate with `TRYBUILD=overwrite cargo test --test ui`,
//! then read the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    for group in ["view", "button", "select", "modal", "dynamic", "layout"] {
        cases.compile_fail(format!("tests/ui/{group}/*.rs"));
    }
    cases.pass("tests/ui/pass/*.rs");
}
