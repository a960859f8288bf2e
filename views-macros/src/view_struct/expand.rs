//! Emits `impl ViewOptions` for the struct.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::attr::ViewAttr;

/// discord.py's default inactivity timeout of a non-persistent view.
const DEFAULT_TIMEOUT_SECS: u64 = 180;

/// `impl ::twilight_views::__private::ViewOptions for Struct`.
pub fn options_impl(item: &syn::ItemStruct, attr: &ViewAttr) -> TokenStream {
    let ident = &item.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let persistent = attr.persistent.is_some();
    let timeout = match (&attr.timeout, persistent) {
        (_, true) => quote!(::twilight_views::__private::Option::None),
        (Some((secs, _)), false) => quote!(::twilight_views::__private::Option::Some(
            ::twilight_views::__private::Duration::from_secs(#secs)
        )),
        (None, false) => {
            let secs = DEFAULT_TIMEOUT_SECS;
            quote!(::twilight_views::__private::Option::Some(
                ::twilight_views::__private::Duration::from_secs(#secs)
            ))
        }
    };
    // `line!()` spanned at the ident reports the struct's own line.
    let defined_at = quote_spanned! {ident.span()=>
        ::twilight_views::__private::SourceLocation { file: ::core::file!(), line: ::core::line!() }
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics ::twilight_views::__private::ViewOptions for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
            const PERSISTENT: bool = #persistent;
            const TIMEOUT: ::twilight_views::__private::Option<::twilight_views::__private::Duration> = #timeout;
            const DEFINED_AT: ::twilight_views::__private::SourceLocation = #defined_at;
        }
    }
}
