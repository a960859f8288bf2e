//! Code generation for a valid `#[modal]` struct: the struct without its
//! input attributes and its `Modal` impl.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{ItemStruct, spanned::Spanned};
use views_ids::{
    is_template,
    limits::{
        CHECKBOX_GROUP_VALUES_MAX, FILE_UPLOAD_VALUES_MAX, SELECT_VALUES_MAX, TEXT_INPUT_LENGTH_MAX,
    },
};

use super::attr::{FieldType, Input, InputKind, ModalAttr, TextStyle, is_field_attr};
use crate::view_impl::{
    attr::{CHANNEL_TYPES, Options, SelectKind},
    expand as view_expand,
};

/// The struct with its input attributes removed (they are read
/// by `#[modal]` and mean nothing to the compiler).
pub fn strip(item: &ItemStruct) -> ItemStruct {
    let mut item = item.clone();
    for field in &mut item.fields {
        field.attrs.retain(|attr| !is_field_attr(attr));
    }
    item
}

/// The struct and its `Modal` impl.
pub fn expand(item: &ItemStruct, modal: &ModalAttr) -> TokenStream {
    let p = crate::support::path();
    let ident = &item.ident;
    let name = ident.to_string();
    let (Some(title), Some(custom_id)) = (&modal.title, &modal.custom_id) else {
        return quote!(#item);
    };
    let components = modal.inputs.iter().map(component);
    let mut fields: Vec<TokenStream> = modal.inputs.iter().map(parse_field).collect();
    let templated = is_template(&custom_id.value());
    let names = crate::view_impl::dynamic::field_names(custom_id);
    let id_field = |name: &String| modal.id_fields.iter().find(|(field, _)| field == name);
    fields.extend(names.iter().enumerate().filter_map(|(index, name)| {
        let (field, ty) = id_field(name)?;
        let codec = quote_spanned!(ty.span()=> #p::template::codec::<#ty>());
        Some(quote!(#field: submission.id_field(#custom_id, #index, #codec)?))
    }));
    let (build_id, matches) = if templated {
        let writes = names.iter().filter_map(|name| {
            let (field, ty) = id_field(name)?;
            let codec = quote_spanned!(ty.span()=> #p::template::codec::<#ty>());
            Some(quote!((#codec.write)(&form.#field)))
        });
        let checks = names.iter().enumerate().filter_map(|(index, name)| {
            let (_, ty) = id_field(name)?;
            let codec = quote_spanned!(ty.span()=> #p::template::codec::<#ty>());
            Some(quote!(texts.get(#index).is_some_and(|text| (#codec.parse)(text).is_some())))
        });
        (
            quote! {
                let custom_id = match prefill {
                    #p::Option::Some(form) => #p::template::format(#custom_id, &[#(#writes),*])?,
                    #p::Option::None => return #p::Result::Err(#p::template::no_fields(#custom_id)),
                };
            },
            Some(quote! {
                fn matches(custom_id: &str) -> bool {
                    match #p::template::fields(#custom_id, custom_id) {
                        #p::Option::Some(texts) => true #(&& #checks)*,
                        #p::Option::None => false,
                    }
                }
            }),
        )
    } else {
        (quote!(let custom_id = #p::String::from(#custom_id);), None)
    };
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

            fn data(
                prefill: #p::Option<&Self>,
            ) -> #p::Result<#p::InteractionResponseData, #p::template::CustomIdError> {
                #build_id
                #p::Result::Ok(#p::modal::data(
                    &custom_id,
                    #title,
                    #p::Vec::from([#(#components),*]),
                ))
            }

            #matches

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
    let p = crate::support::path();
    match value {
        Some(value) => quote!(#p::Option::Some(#value)),
        None => quote!(#p::Option::None),
    }
}

/// One input's component.
fn component(input: &Input) -> TokenStream {
    let p = crate::support::path();
    let custom_id = syn::ext::IdentExt::unraw(&input.ident).to_string();
    let ident = &input.ident;
    let label = input
        .label
        .as_ref()
        .map_or_else(|| quote!(""), |l| quote!(#l));
    let description = opt(input
        .description
        .as_ref()
        .map(|lit| quote!(#p::String::from(#lit))));
    let placeholder = opt(input
        .placeholder
        .as_ref()
        .map(|lit| quote!(#p::String::from(#lit))));
    match &input.kind {
        InputKind::Text => {
            let paragraph = input
                .style
                .as_ref()
                .is_some_and(|(style, _)| *style == TextStyle::Paragraph);
            let min_length = length(&input.min_length);
            let max_length = length(&input.max_length);
            let required = !input.optional();
            let declared = opt(input.value.as_ref());
            let current = if input.field_type == FieldType::OptionString {
                quote!(prefill.and_then(|form| form.#ident.as_deref()))
            } else {
                quote!(prefill.map(|form| form.#ident.as_str()))
            };
            quote! {
                #p::modal::text_input(#p::modal::TextInputParts {
                    custom_id: #custom_id,
                    label: #p::String::from(#label),
                    description: #description,
                    paragraph: #paragraph,
                    placeholder: #placeholder,
                    min_length: #min_length,
                    max_length: #max_length,
                    required: #required,
                    value: #p::modal::prefilled(#current, #declared),
                })
            }
        }
        InputKind::Select {
            kind: Some((kind, _)),
            channel_types,
            min_values,
            max_values,
            ..
        } if *kind != SelectKind::String => {
            let kind = entity_kind(*kind);
            let channel_types = match channel_types {
                None => quote!(#p::Option::None),
                Some((_, types)) => {
                    let types = types
                        .iter()
                        .filter_map(|index| CHANNEL_TYPES.get(*index))
                        .map(|(_, variant)| {
                            let variant = quote::format_ident!("{}", variant);
                            quote!(#p::ChannelType::#variant)
                        });
                    quote!(#p::Option::Some(#p::Vec::from([#(#types),*])))
                }
            };
            let min_values = count(min_values, SELECT_VALUES_MAX);
            let max_values = count(max_values, SELECT_VALUES_MAX);
            let required = !input.optional();
            let chosen = match input.field_type {
                FieldType::Id(_) => quote!(prefill.map(|form| #p::Vec::from([form.#ident.cast()]))),
                _ => quote!(prefill.map(|form| form.#ident.iter().map(|id| id.cast()).collect())),
            };
            quote! {
                #p::modal::entity_select(#p::modal::EntitySelectParts {
                    custom_id: #custom_id,
                    kind: #kind,
                    label: #p::String::from(#label),
                    description: #description,
                    channel_types: #channel_types,
                    placeholder: #placeholder,
                    min_values: #min_values,
                    max_values: #max_values,
                    required: #required,
                    chosen: #chosen,
                })
            }
        }
        InputKind::CheckboxGroup {
            options,
            min_values,
            max_values,
        } => {
            let options = match options {
                Some(Options::Literal { options, .. }) => options
                    .iter()
                    .map(|option| {
                        let label = option
                            .label
                            .as_ref()
                            .map_or_else(|| quote!(#p::String::new()), view_expand::string);
                        let value = option
                            .value
                            .as_ref()
                            .map_or_else(|| quote!(#p::String::new()), view_expand::string);
                        let description = view_expand::opt_string(option.description.as_ref());
                        let default = view_expand::flag(option.default.as_ref());
                        quote!(#p::modal::checkbox_option(#label, #value, #description, #default))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let min_values = count(min_values, CHECKBOX_GROUP_VALUES_MAX);
            let max_values = count(max_values, CHECKBOX_GROUP_VALUES_MAX);
            let required = !input.optional();
            quote! {
                #p::modal::checkbox_group(#p::modal::CheckboxGroupParts {
                    custom_id: #custom_id,
                    label: #p::String::from(#label),
                    description: #description,
                    options: #p::Vec::from([#(#options),*]),
                    min_values: #min_values,
                    max_values: #max_values,
                    required: #required,
                    chosen: prefill.map(|form| form.#ident.clone()),
                })
            }
        }
        InputKind::Select {
            options,
            min_values,
            max_values,
            ..
        } => {
            let options = match options {
                Some(Options::Literal { options, .. }) => {
                    let options = options.iter().map(view_expand::option);
                    quote!(#p::Vec::from([#(#options),*]))
                }
                Some(Options::Expr(expr)) => quote_spanned! {expr.span()=>
                    {
                        let options: #p::Vec<#p::SelectMenuOption> = #expr;
                        options
                    }
                },
                None => quote!(#p::Vec::new()),
            };
            let min_values = count(min_values, SELECT_VALUES_MAX);
            let max_values = count(max_values, SELECT_VALUES_MAX);
            let required = !input.optional();
            let chosen = match input.field_type {
                FieldType::VecString => quote!(prefill.map(|form| form.#ident.clone())),
                FieldType::OptionString => {
                    quote!(prefill.map(|form| form.#ident.iter().cloned().collect()))
                }
                _ => quote!(prefill.map(|form| #p::Vec::from([form.#ident.clone()]))),
            };
            quote! {
                #p::modal::string_select(#p::modal::ModalSelectParts {
                    custom_id: #custom_id,
                    label: #p::String::from(#label),
                    description: #description,
                    options: #options,
                    placeholder: #placeholder,
                    min_values: #min_values,
                    max_values: #max_values,
                    required: #required,
                    chosen: #chosen,
                })
            }
        }
        InputKind::FileUpload {
            min_values,
            max_values,
        } => {
            let min_values = count(min_values, FILE_UPLOAD_VALUES_MAX);
            let max_values = count(max_values, FILE_UPLOAD_VALUES_MAX);
            let required = !input.optional();
            quote! {
                #p::modal::file_upload(#p::modal::FileUploadParts {
                    custom_id: #custom_id,
                    label: #p::String::from(#label),
                    description: #description,
                    min_values: #min_values,
                    max_values: #max_values,
                    required: #required,
                })
            }
        }
        InputKind::TextDisplay { content } => {
            let content = content.as_ref().map_or_else(|| quote!(""), |c| quote!(#c));
            quote!(#p::modal::text_display(#content))
        }
        InputKind::Checkbox { default } => {
            let declared = match default {
                Some(expr) => quote_spanned!(expr.span()=> { let value: bool = #expr; value }),
                None => quote!(false),
            };
            quote! {
                #p::modal::checkbox(
                    #custom_id,
                    #p::String::from(#label),
                    #description,
                    prefill.map_or(#declared, |form| form.#ident),
                )
            }
        }
    }
}

/// A text input's length bound, as an `Option<u16>` expression.
fn length(value: &Option<(u64, syn::LitInt)>) -> TokenStream {
    // Validated against Discord's limits, so it fits.
    opt(value
        .as_ref()
        .map(|(value, _)| u16::try_from(*value).unwrap_or(TEXT_INPUT_LENGTH_MAX)))
}

/// A bound on how many values an input takes, as an `Option<u8>`
/// expression; `max` is the input's own limit.
fn count(value: &Option<(u64, syn::LitInt)>, max: u8) -> TokenStream {
    // Validated against the input's limit, so it fits.
    opt(value
        .as_ref()
        .map(|(value, _)| u8::try_from(*value).unwrap_or(max)))
}

/// One field of the parsed struct.
fn parse_field(input: &Input) -> TokenStream {
    let p = crate::support::path();
    let ident = &input.ident;
    let custom_id = syn::ext::IdentExt::unraw(&input.ident).to_string();
    let required = !input.optional();
    match (&input.kind, input.field_type) {
        (InputKind::Checkbox { .. }, _) => quote!(#ident: submission.checked(#custom_id)?),
        (InputKind::FileUpload { .. }, _) => {
            quote!(#ident: submission.attachments(#custom_id, #required)?)
        }
        (InputKind::TextDisplay { .. }, _) => quote!(#ident: ()),
        (InputKind::CheckboxGroup { .. }, _) => {
            quote!(#ident: submission.group(#custom_id, #required)?)
        }
        (
            InputKind::Select {
                kind: Some((kind, _)),
                ..
            },
            field_type,
        ) if *kind != SelectKind::String => {
            let kind = entity_kind(*kind);
            match field_type {
                FieldType::VecId(_) => {
                    quote!(#ident: submission.ids(#custom_id, #kind, #required)?)
                }
                FieldType::OptionId(_) => quote!(#ident: submission.id(#custom_id, #kind, false)?),
                _ => quote!(#ident: submission.required_id(#custom_id, #kind)?),
            }
        }
        (InputKind::Select { .. }, FieldType::VecString) => {
            quote!(#ident: submission.values(#custom_id, #required)?)
        }
        (InputKind::Select { .. }, FieldType::OptionString) => {
            quote!(#ident: submission.value(#custom_id, false)?)
        }
        (InputKind::Select { .. }, _) => {
            quote!(#ident: submission.value(#custom_id, true)?.unwrap_or_else(#p::String::new))
        }
        (InputKind::Text, FieldType::OptionString) => {
            quote!(#ident: submission.text(#custom_id, false)?)
        }
        (InputKind::Text, _) => {
            quote!(#ident: submission.text(#custom_id, true)?.unwrap_or_else(#p::String::new))
        }
    }
}

/// The `EntityKind` of an entity select's `kind = ..`.
fn entity_kind(kind: SelectKind) -> TokenStream {
    let p = crate::support::path();
    match kind {
        SelectKind::User => quote!(#p::modal::EntityKind::User),
        SelectKind::Role => quote!(#p::modal::EntityKind::Role),
        SelectKind::Channel => quote!(#p::modal::EntityKind::Channel),
        // A string select never gets here (its callers match entity kinds).
        SelectKind::Mentionable | SelectKind::String => {
            quote!(#p::modal::EntityKind::Mentionable)
        }
    }
}
