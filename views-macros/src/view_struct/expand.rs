//! Emits `impl ViewOptions` for the struct.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::attr::ViewAttr;

/// discord.py's default inactivity timeout of a non-persistent view.
const DEFAULT_TIMEOUT_SECS: u64 = 180;

/// `impl ViewOptions for Struct`, through the runtime path table.
pub fn options_impl(item: &syn::ItemStruct, attr: &ViewAttr) -> TokenStream {
    let p = crate::support::path();
    let ident = &item.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let persistent = attr.persistent.is_some();
    let timeout = match (&attr.timeout, persistent) {
        (_, true) => quote!(#p::Option::None),
        (Some((secs, _)), false) => quote!(#p::Option::Some(
            #p::Duration::from_secs(#secs)
        )),
        (None, false) => {
            let secs = DEFAULT_TIMEOUT_SECS;
            quote!(#p::Option::Some(
                #p::Duration::from_secs(#secs)
            ))
        }
    };
    // Spanned at the flag: a missing `impl StateFingerprint` is reported
    // on the word `fingerprint`.
    let fingerprint = attr.fingerprint.as_ref().map(|key| {
        quote_spanned! {key.span()=>
            const FINGERPRINT: #p::Option<fn(&Self) -> u64> =
                #p::Option::Some(<Self as #p::StateFingerprint>::fingerprint);
        }
    });
    // `line!()` spanned at the ident reports the struct's own line.
    let defined_at = quote_spanned! {ident.span()=>
        #p::SourceLocation { file: ::core::file!(), line: ::core::line!() }
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::ViewOptions for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
            const PERSISTENT: bool = #persistent;
            const TIMEOUT: #p::Option<#p::Duration> = #timeout;
            const DEFINED_AT: #p::SourceLocation = #defined_at;
            #fingerprint
        }
    }
}
