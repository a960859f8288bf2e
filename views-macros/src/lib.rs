#![doc = include_str!("../README.md")]

mod args;
mod ctxt;
mod item_outside;
mod modal;
mod suggest;
mod support;
mod view_impl;
mod view_struct;

use proc_macro::TokenStream;

/// Implemented in `views-macros`; use it as `twilight_views::view`.
#[proc_macro_attribute]
pub fn view(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    match syn::parse::<syn::Item>(input.clone()) {
        Ok(syn::Item::Struct(item)) => view_struct::expand(args, item).into(),
        Ok(syn::Item::Impl(block)) => view_impl::expand(args, block).into(),
        Ok(other) => {
            let mut out = syn::Error::new_spanned(
                &other,
                "`#[view]` goes on a struct (its options) and on that struct's impl block (its items)",
            )
            .to_compile_error();
            out.extend(quote::ToTokens::into_token_stream(other));
            out.into()
        }
        Err(error) => {
            let mut out = proc_macro2::TokenStream::from(input);
            out.extend(error.to_compile_error());
            out.into()
        }
    }
}

/// Implemented in `views-macros`; use it as `twilight_views::button`.
#[proc_macro_attribute]
pub fn button(_args: TokenStream, input: TokenStream) -> TokenStream {
    item_outside::expand("button", input.into()).into()
}

/// Implemented in `views-macros`; use it as `twilight_views::select`.
#[proc_macro_attribute]
pub fn select(_args: TokenStream, input: TokenStream) -> TokenStream {
    item_outside::expand("select", input.into()).into()
}

/// Implemented in `views-macros`; use it as `twilight_views::layout`.
#[proc_macro_attribute]
pub fn layout(_args: TokenStream, input: TokenStream) -> TokenStream {
    item_outside::expand("layout", input.into()).into()
}

/// Implemented in `views-macros`; use it as `twilight_views::modal`.
#[proc_macro_attribute]
pub fn modal(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    match syn::parse::<syn::ItemStruct>(input.clone()) {
        Ok(item) => modal::expand(args, item).into(),
        Err(_) => {
            let mut out = proc_macro2::TokenStream::from(input);
            out.extend(
                syn::Error::new(
                    proc_macro2::Span::call_site(),
                    "`#[modal]` goes on a struct whose fields are `#[text_input(..)]` inputs",
                )
                .to_compile_error(),
            );
            out.into()
        }
    }
}
