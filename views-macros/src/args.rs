//! The shared grammar of item attributes: a comma-separated list of `key`
//! flags and `key = value` pairs, where `options = [option(...), ...]` has a
//! literal sub-grammar. Keys are checked against each attribute's set here,
//! so every macro reports unknown and duplicate keys the same way.

use proc_macro2::Span;
use syn::{
    Expr, ExprLit, Ident, Lit, LitInt, LitStr, Token, bracketed,
    ext::IdentExt,
    parenthesized,
    parse::{Parse, ParseStream},
    punctuated::Punctuated,
};

use crate::{ctxt::Ctxt, suggest};

/// One `key` or `key = value` of an attribute.
pub struct Arg {
    /// The key, any identifier (keywords included, e.g. `type`).
    pub key: Ident,
    /// What follows the key.
    pub value: ArgValue,
}

/// The value of an [`Arg`].
pub enum ArgValue {
    /// A bare `key`.
    Flag,
    /// `key = <expression>`.
    Expr(Expr),
    /// `options = [option(...), ...]`.
    Options(OptionList),
}

/// A literal list of select options.
pub struct OptionList {
    /// Span of the brackets, for "too many options".
    pub span: Span,
    /// The `option(...)` entries.
    pub options: Vec<OptionLit>,
}

/// One `option(label = .., value = .., ...)`.
pub struct OptionLit {
    /// The `option` keyword, for errors about the whole option.
    pub ident: Ident,
    /// Its keys.
    pub args: Vec<Arg>,
}

/// A parsed argument list: `key, key = value, ...`.
pub struct Args(pub Vec<Arg>);

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let list = Punctuated::<Arg, Token![,]>::parse_terminated(input)?;
        Ok(Self(list.into_iter().collect()))
    }
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key = Ident::parse_any(input)?;
        if !input.peek(Token![=]) {
            return Ok(Self {
                key,
                value: ArgValue::Flag,
            });
        }
        input.parse::<Token![=]>()?;
        let value = if key == "options" && input.peek(syn::token::Bracket) {
            ArgValue::Options(input.parse()?)
        } else {
            ArgValue::Expr(input.parse()?)
        };
        Ok(Self { key, value })
    }
}

impl Parse for OptionList {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        let bracket = bracketed!(content in input);
        let list = Punctuated::<OptionLit, Token![,]>::parse_terminated(&content)?;
        Ok(Self {
            span: bracket.span.join(),
            options: list.into_iter().collect(),
        })
    }
}

impl Parse for OptionLit {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let ident: Ident = input.parse()?;
        if ident != "option" {
            return Err(syn::Error::new(
                ident.span(),
                "expected `option(label = \"..\", value = \"..\")`",
            ));
        }
        let content;
        parenthesized!(content in input);
        let Args(args) = content.parse()?;
        Ok(Self { ident, args })
    }
}

/// Keeps the args whose key is in `allowed`, reporting unknown keys (with a
/// suggestion) and duplicates; `what` names the attribute, e.g. `#[button]`.
pub fn checked(cx: &mut Ctxt, args: Vec<Arg>, allowed: &[&str], what: &str) -> Vec<Arg> {
    let mut seen: Vec<String> = Vec::new();
    let mut kept = Vec::new();
    for arg in args {
        let key = arg.key.unraw().to_string();
        if !allowed.contains(&key.as_str()) {
            let message = match suggest::closest(&key, allowed) {
                Some(close) => format!("unknown key `{key}` in `{what}`; did you mean `{close}`?"),
                None => format!(
                    "unknown key `{key}` in `{what}`, expected one of {}",
                    suggest::list(allowed)
                ),
            };
            cx.error_spanned_by(&arg.key, message);
        } else if seen.contains(&key) {
            cx.error_spanned_by(&arg.key, format!("duplicate key `{key}` in `{what}`"));
        } else {
            seen.push(key);
            kept.push(arg);
        }
    }
    kept
}

/// A string: a literal (checked at compile time) or an expression evaluated
/// at render time (may use `self`).
#[derive(Clone)]
pub enum Text {
    /// `"..."`
    Lit(LitStr),
    /// Any other expression; converted with `Into<String>`.
    Expr(Box<Expr>),
}

impl Text {
    /// The literal's value, when it is one.
    #[cfg(test)]
    pub fn literal(&self) -> Option<String> {
        match self {
            Self::Lit(lit) => Some(lit.value()),
            Self::Expr(_) => None,
        }
    }
}

/// The expression of a `key = value` arg, or an error if it is a flag or a
/// literal option list.
pub fn expr(cx: &mut Ctxt, arg: Arg) -> Option<Expr> {
    match arg.value {
        ArgValue::Expr(expr) => Some(expr),
        ArgValue::Flag => {
            let key = &arg.key;
            cx.error_spanned_by(key, format!("`{key}` needs a value: `{key} = ...`"));
            None
        }
        ArgValue::Options(list) => {
            cx.syn_error(syn::Error::new(
                list.span,
                format!("`{}` does not take a list of options", arg.key),
            ));
            None
        }
    }
}

/// A string literal.
pub fn lit_str(cx: &mut Ctxt, arg: Arg) -> Option<LitStr> {
    let key = arg.key.clone();
    match expr(cx, arg)? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Some(lit),
        other => {
            cx.error_spanned_by(
                other,
                format!("`{key}` must be a string literal: it is checked at compile time"),
            );
            None
        }
    }
}

/// A string literal or an expression.
pub fn text(cx: &mut Ctxt, arg: Arg) -> Option<Text> {
    Some(match expr(cx, arg)? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Text::Lit(lit),
        other => Text::Expr(Box::new(other)),
    })
}

/// An integer literal that fits in `u64`.
pub fn int(cx: &mut Ctxt, arg: Arg) -> Option<(u64, LitInt)> {
    let key = arg.key.clone();
    match expr(cx, arg)? {
        Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        }) => match lit.base10_parse::<u64>() {
            Ok(value) => Some((value, lit)),
            Err(error) => {
                cx.syn_error(error);
                None
            }
        },
        other => {
            cx.error_spanned_by(other, format!("`{key}` must be an integer literal"));
            None
        }
    }
}

/// `id = N`: Discord's numeric component id, a non-negative 32-bit
/// integer literal.
pub fn component_id(cx: &mut Ctxt, arg: Arg) -> Option<(i32, LitInt)> {
    let (value, lit) = int(cx, arg)?;
    match i32::try_from(value) {
        Ok(id) => Some((id, lit)),
        Err(_) => {
            cx.error_spanned_by(
                &lit,
                format!("`id` is at most {} (a 32-bit integer)", i32::MAX),
            );
            None
        }
    }
}

/// A key whose value is one of a fixed set of string literals, e.g.
/// `style = "primary"`: the enum the value parses into.
pub trait Choice: Copy + 'static {
    /// Each accepted value with what it means, in the order errors list
    /// them.
    const CHOICES: &'static [(&'static str, Self)];
    /// Known wrong values (e.g. discord.py's aliases), each with the
    /// sentence that replaces the edit-distance guess.
    const HINTS: &'static [(&'static str, &'static str)] = &[];
}

/// The `T` named by a string literal, with the literal (for errors that
/// point at it later); an unknown value is reported with the valid ones.
pub fn choice<T: Choice>(cx: &mut Ctxt, arg: Arg) -> Option<(T, LitStr)> {
    let key = arg.key.clone();
    let lit = lit_str(cx, arg)?;
    let value = lit.value();
    if let Some((_, choice)) = T::CHOICES.iter().find(|(name, _)| *name == value) {
        return Some((*choice, lit));
    }
    let names: Vec<&str> = T::CHOICES.iter().map(|(name, _)| *name).collect();
    let hint = match T::HINTS.iter().find(|(wrong, _)| *wrong == value) {
        Some((_, hint)) => format!("; {hint}"),
        None => suggest::closest(&value, &names)
            .map(|close| format!("; did you mean \"{close}\"?"))
            .unwrap_or_default(),
    };
    let quoted: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    cx.error_spanned_by(
        &lit,
        format!(
            "unknown {key} \"{value}\", expected one of {}{hint}",
            quoted.join(", ")
        ),
    );
    None
}

/// A `bool` flag or expression: `disabled`, `disabled = true`,
/// `disabled = self.done`.
pub fn flag_or_expr(arg: Arg) -> Expr {
    match arg.value {
        ArgValue::Expr(expr) => expr,
        ArgValue::Flag | ArgValue::Options(_) => syn::parse_quote_spanned!(arg.key.span()=> true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(tokens: proc_macro2::TokenStream) -> Vec<Arg> {
        syn::parse2::<Args>(tokens).expect("valid args").0
    }

    #[test]
    fn parses_flags_values_and_options() {
        let args = parse(quote::quote!(
            persistent,
            label = "Hi",
            type = 3,
            options = [option(label = "Red", value = "red", default = true)]
        ));
        assert_eq!(args.len(), 4);
        assert!(matches!(args[0].value, ArgValue::Flag));
        assert!(matches!(args[1].value, ArgValue::Expr(_)));
        assert_eq!(args[2].key.to_string(), "type");
        let ArgValue::Options(list) = &args[3].value else {
            panic!("expected options");
        };
        assert_eq!(list.options.len(), 1);
        assert_eq!(list.options[0].args.len(), 3);
    }

    #[test]
    fn options_entries_must_be_option_calls() {
        let error = syn::parse2::<Args>(quote::quote!(options = [opt(label = "x")]))
            .err()
            .expect("an error");
        assert!(error.to_string().contains("expected `option("));
    }

    #[test]
    fn unknown_and_duplicate_keys_are_reported() {
        let mut cx = Ctxt::new();
        let kept = checked(
            &mut cx,
            parse(quote::quote!(
                lable = "x",
                label = "y",
                label = "z",
                zzz = 1
            )),
            &["label", "row"],
            "#[button]",
        );
        assert_eq!(kept.len(), 1);
        let errors = cx.to_compile_errors().to_string();
        assert!(errors.contains("did you mean `label`?"), "{errors}");
        assert!(errors.contains("duplicate key `label`"), "{errors}");
        assert!(
            errors.contains("expected one of `label`, `row`"),
            "{errors}"
        );
    }

    #[derive(Clone, Copy)]
    enum Shade {
        Primary,
        Danger,
    }

    impl Choice for Shade {
        const CHOICES: &'static [(&'static str, Self)] =
            &[("primary", Self::Primary), ("danger", Self::Danger)];
        const HINTS: &'static [(&'static str, &'static str)] =
            &[("blurple", "discord.py's \"blurple\" is \"primary\" here")];
    }

    #[test]
    fn choice_lists_valid_values() {
        let mut cx = Ctxt::new();
        let arg = parse(quote::quote!(style = "danger")).remove(0);
        assert!(matches!(choice(&mut cx, arg), Some((Shade::Danger, _))));
        let arg = parse(quote::quote!(style = "primry")).remove(0);
        assert!(choice::<Shade>(&mut cx, arg).is_none());
        let errors = cx.to_compile_errors().to_string();
        assert!(errors.contains("did you mean \\\"primary\\\"?"), "{errors}");
        let arg = parse(quote::quote!(style = "blurple")).remove(0);
        assert!(choice::<Shade>(&mut cx, arg).is_none());
        let errors = cx.to_compile_errors().to_string();
        assert!(errors.contains("is \\\"primary\\\" here"), "{errors}");
    }
}
