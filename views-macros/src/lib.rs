//! Procedural macros of twilight-views. Use them through the `twilight-views`
//! crate, which documents them.

use proc_macro::TokenStream;

/// See `twilight_views::view`.
#[proc_macro_attribute]
pub fn view(_args: TokenStream, input: TokenStream) -> TokenStream {
    input
}

/// See `twilight_views::button`.
#[proc_macro_attribute]
pub fn button(_args: TokenStream, input: TokenStream) -> TokenStream {
    input
}

/// See `twilight_views::select`.
#[proc_macro_attribute]
pub fn select(_args: TokenStream, input: TokenStream) -> TokenStream {
    input
}
