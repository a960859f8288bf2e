//! Rules on the struct's view options.

use super::attr::ViewAttr;
use crate::ctxt::Ctxt;

/// Runs every rule.
pub fn check(cx: &mut Ctxt, attr: &ViewAttr) {
    persistent_has_no_timeout(cx, attr);
    timeout_is_positive(cx, attr);
    fingerprint_needs_persistent(cx, attr);
}

/// Only a stored view's state is serialised after a click, so a fingerprint
/// on any other view would never be read: say so instead of ignoring it.
fn fingerprint_needs_persistent(cx: &mut Ctxt, attr: &ViewAttr) {
    if let (None, Some(key)) = (&attr.persistent, &attr.fingerprint) {
        cx.error_spanned_by(
            key,
            "`fingerprint` needs `persistent`: only a persistent view's state is stored, \
             so only it has a serialisation to skip",
        );
    }
}

/// A persistent view must outlive the process, so it cannot expire: this is
/// discord.py's run-time "View is not persistent ... must have no timeout".
fn persistent_has_no_timeout(cx: &mut Ctxt, attr: &ViewAttr) {
    if let (Some(_), Some((_, lit))) = (&attr.persistent, &attr.timeout) {
        cx.error_spanned_by(
            lit,
            "a `persistent` view cannot have a `timeout`: it must keep working after a restart",
        );
    }
}

/// A zero timeout would expire the view before anyone can click it.
fn timeout_is_positive(cx: &mut Ctxt, attr: &ViewAttr) {
    if let Some((0, lit)) = &attr.timeout {
        cx.error_spanned_by(
            lit,
            "`timeout` must be at least 1 second; a view that never expires is `#[view(persistent)]`",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_struct::attr;

    fn errors(tokens: proc_macro2::TokenStream) -> String {
        let mut cx = Ctxt::new();
        let parsed = attr::parse(&mut cx, tokens);
        check(&mut cx, &parsed);
        cx.to_compile_errors().to_string()
    }

    #[test]
    fn persistent_with_timeout_is_an_error() {
        assert!(
            errors(quote::quote!(persistent, timeout = 60)).contains("cannot have a `timeout`")
        );
        assert!(errors(quote::quote!(persistent)).is_empty());
    }

    #[test]
    fn fingerprint_without_persistent_is_an_error() {
        assert!(errors(quote::quote!(fingerprint)).contains("`fingerprint` needs `persistent`"));
        assert!(errors(quote::quote!(persistent, fingerprint)).is_empty());
    }

    #[test]
    fn zero_timeout_is_an_error() {
        assert!(errors(quote::quote!(timeout = 0)).contains("at least 1 second"));
        assert!(errors(quote::quote!(timeout = 1)).is_empty());
    }
}
