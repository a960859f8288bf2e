//! Parses the arguments of `#[view(...)]` on a struct.

use proc_macro2::TokenStream;
use syn::{Ident, LitInt, ext::IdentExt};

use crate::{
    args::{self, ArgValue, Args},
    ctxt::Ctxt,
};

/// Keys `#[view(...)]` accepts on a struct.
const KEYS: &[&str] = &["persistent", "timeout", "fingerprint"];

/// The struct's view options, spans kept for validation.
pub struct ViewAttr {
    /// `persistent`, if given.
    pub persistent: Option<Ident>,
    /// `timeout = N` (seconds), if given.
    pub timeout: Option<(u64, LitInt)>,
    /// `fingerprint`, if given: the struct implements `StateFingerprint`.
    pub fingerprint: Option<Ident>,
}

/// Parses `args`; broken syntax is reported and gives the default options.
pub fn parse(cx: &mut Ctxt, args: TokenStream) -> ViewAttr {
    let mut attr = ViewAttr {
        persistent: None,
        timeout: None,
        fingerprint: None,
    };
    let parsed = match syn::parse2::<Args>(args) {
        Ok(Args(parsed)) => parsed,
        Err(error) => {
            cx.syn_error(error);
            return attr;
        }
    };
    for arg in args::checked(cx, parsed, KEYS, "#[view]") {
        if arg.key.unraw() == "persistent" {
            match arg.value {
                ArgValue::Flag => attr.persistent = Some(arg.key),
                _ => cx.error_spanned_by(
                    &arg.key,
                    "`persistent` is a flag: write `#[view(persistent)]`",
                ),
            }
        } else if arg.key.unraw() == "fingerprint" {
            match arg.value {
                ArgValue::Flag => attr.fingerprint = Some(arg.key),
                _ => cx.error_spanned_by(
                    &arg.key,
                    "`fingerprint` is a flag: write `#[view(persistent, fingerprint)]` and \
                     implement `StateFingerprint`",
                ),
            }
        } else if let Some(timeout) = args::int(cx, arg) {
            attr.timeout = Some(timeout);
        }
    }
    attr
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_persistent_and_timeout() {
        let mut cx = Ctxt::new();
        let attr = parse(&mut cx, quote::quote!(persistent));
        assert!(attr.persistent.is_some() && attr.timeout.is_none());
        let attr = parse(&mut cx, quote::quote!(timeout = 60));
        assert_eq!(attr.timeout.map(|(secs, _)| secs), Some(60));
        assert!(cx.is_ok());
    }

    #[test]
    fn parses_fingerprint() {
        let mut cx = Ctxt::new();
        let attr = parse(&mut cx, quote::quote!(persistent, fingerprint));
        assert!(attr.persistent.is_some() && attr.fingerprint.is_some());
        parse(&mut cx, quote::quote!(fingerprint = revision));
        let errors = cx.to_compile_errors().to_string();
        assert!(errors.contains("`fingerprint` is a flag"), "{errors}");
    }

    #[test]
    fn rejects_valued_persistent_and_unknown_keys() {
        let mut cx = Ctxt::new();
        parse(&mut cx, quote::quote!(persistent = true, timout = 5));
        let errors = cx.to_compile_errors().to_string();
        assert!(errors.contains("`persistent` is a flag"), "{errors}");
        assert!(errors.contains("did you mean `timeout`?"), "{errors}");
    }

    #[test]
    fn broken_syntax_gives_defaults_and_an_error() {
        let mut cx = Ctxt::new();
        let attr = parse(&mut cx, quote::quote!(timeout = ));
        assert!(attr.persistent.is_none() && attr.timeout.is_none());
        assert!(!cx.is_ok());
    }
}
