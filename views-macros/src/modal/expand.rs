//! Code generation for a valid `#[modal]` struct: the struct without its
//! input attributes and its `Modal` impl.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ItemStruct;

use super::attr::{Input, ModalAttr};

/// The struct with its `#[text_input]` attributes removed (they are read
/// by `#[modal]` and mean nothing to the compiler).
pub fn strip(item: &ItemStruct) -> ItemStruct {
    let mut item = item.clone();
    for field in &mut item.fields {
        field
            .attrs
            .retain(|attr| !attr.path().is_ident("text_input"));
    }
    item
}

/// The struct and its `Modal` impl.
pub fn expand(item: &ItemStruct, modal: &ModalAttr) -> TokenStream {
    let p = quote!(::twilight_views::__private);
    let ident = &item.ident;
    let name = ident.to_string();
    let (Some(title), Some(custom_id)) = (&modal.title, &modal.custom_id) else {
        return quote!(#item);
    };
    let components = modal.inputs.iter().map(component);
    let fields = modal.inputs.iter().map(parse_field);
    let defined_at = quote_spanned! {ident.span()=>
        #p::SourceLocation { file: ::core::file!(), line: ::core::line!() }
    };
    quote! {
        #item

        #[automatically_derived]
        impl #p::Modal for #ident {
            const NAME: &'static str = #name;
            const CUSTOM_ID: &'static str = #custom_id;
            const DEFINED_AT: #p::SourceLocation = #defined_at;

            fn data(prefill: #p::Option<&Self>) -> #p::InteractionResponseData {
                let _ = prefill;
                #p::modal::data(#custom_id, #title, #p::Vec::from([#(#components),*]))
            }

            fn from_submission(
                submission: &mut #p::modal::Submission,
            ) -> #p::Result<Self, #p::modal::ModalError> {
                #p::Result::Ok(Self { #(#fields),* })
            }
        }
    }
}

/// `Option<T>` tokens.
fn opt<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    let p = quote!(::twilight_views::__private);
    match value {
        Some(value) => quote!(#p::Option::Some(#value)),
        None => quote!(#p::Option::None),
    }
}

/// One input's component.
fn component(input: &Input) -> TokenStream {
    let p = quote!(::twilight_views::__private);
    let custom_id = syn::ext::IdentExt::unraw(&input.ident).to_string();
    let ident = &input.ident;
    let label = input
        .label
        .as_ref()
        .map_or_else(|| quote!(""), |l| quote!(#l));
    let paragraph = input.style.as_ref().is_some_and(|(style, _)| *style == 1);
    let placeholder = opt(input
        .placeholder
        .as_ref()
        .map(|lit| quote!(#p::String::from(#lit))));
    let length = |value: &Option<(u64, syn::LitInt)>| {
        // Validated <= 4000, so it fits.
        opt(value
            .as_ref()
            .map(|(value, _)| u16::try_from(*value).unwrap_or(u16::MAX)))
    };
    let min_length = length(&input.min_length);
    let max_length = length(&input.max_length);
    let required = !input.optional;
    let declared = opt(input.value.as_ref());
    let current = if input.optional {
        quote!(prefill.and_then(|form| form.#ident.as_deref()))
    } else {
        quote!(prefill.map(|form| form.#ident.as_str()))
    };
    quote! {
        #p::modal::text_input(#p::modal::TextInputParts {
            custom_id: #custom_id,
            label: #p::String::from(#label),
            paragraph: #paragraph,
            placeholder: #placeholder,
            min_length: #min_length,
            max_length: #max_length,
            required: #required,
            value: #p::modal::prefilled(#current, #declared),
        })
    }
}

/// One field of the parsed struct.
fn parse_field(input: &Input) -> TokenStream {
    let p = quote!(::twilight_views::__private);
    let ident = &input.ident;
    let custom_id = syn::ext::IdentExt::unraw(&input.ident).to_string();
    if input.optional {
        quote!(#ident: submission.text(#custom_id, false)?)
    } else {
        quote!(#ident: submission.text(#custom_id, true)?.unwrap_or_else(#p::String::new))
    }
}
