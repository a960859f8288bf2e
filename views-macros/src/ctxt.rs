//! Error accumulator: every rule pushes its error here instead of returning
//! early, so one compile reports every bad item of a view (as serde_derive's
//! `Ctxt` does).

use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;

/// Collects `syn::Error`s while a macro parses and validates its input.
#[derive(Default)]
pub struct Ctxt {
    errors: Vec<syn::Error>,
}

impl Ctxt {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error spanning `tokens` (all their tokens, so the caret
    /// covers e.g. a whole literal or type).
    pub fn error_spanned_by<T: ToTokens, M: Display>(&mut self, tokens: T, message: M) {
        self.errors
            .push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records a ready-made error (e.g. from a `syn` parser).
    pub fn syn_error(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// How many errors were recorded so far: callers compare counts to tell
    /// whether one step failed, to skip rules that would only echo it.
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// Whether nothing was recorded.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors as `compile_error!` invocations, in the order recorded.
    pub fn to_compile_errors(&self) -> TokenStream {
        self.errors
            .iter()
            .map(syn::Error::to_compile_error)
            .collect()
    }
}
