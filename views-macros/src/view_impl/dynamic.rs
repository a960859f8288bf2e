//! Dynamic items: a `custom_id` with `{field}` placeholders, e.g.
//! `role:{role_id}`. The rules a template of an item follows (checked
//! here) and the pieces of generated code that build, match and read such
//! ids. The grammar itself is `views_ids::template`, which the runtime
//! reads templates with too.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::{FnArg, ImplItemFn, LitStr, Pat, Type, spanned::Spanned};
use views_ids::{INSTANCE_PREFIX, Template, is_template, prefix};

use super::ast::Item;
use crate::{ctxt::Ctxt, suggest};

/// The field names of a custom_id literal, in order (none unless it is a
/// well-formed template).
pub fn field_names(lit: &LitStr) -> Vec<String> {
    let value = lit.value();
    Template::parse(&value)
        .map(|template| template.field_names().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// A declared id starting with the prefix of the ids the router generates
/// would be taken for one (the router refuses it at start-up).
pub fn reserved_prefix_message() -> String {
    format!(
        "custom_ids starting with `{INSTANCE_PREFIX}` are reserved for the ids the router generates"
    )
}

/// The handler's arguments after `ctx`, by name, with their types.
pub fn handler_args(method: &ImplItemFn) -> Vec<(String, &Type)> {
    method
        .sig
        .inputs
        .iter()
        .skip(2)
        .filter_map(|arg| match arg {
            FnArg::Typed(arg) => match &*arg.pat {
                Pat::Ident(ident) => Some((ident.ident.to_string(), &*arg.ty)),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The rules of one template, all spanned on the custom_id literal (a
/// literal's inner text has no spans of its own on stable Rust).
pub fn template_rules(cx: &mut Ctxt, item: &Item<'_>, lit: &LitStr) {
    let value = lit.value();
    let template = match Template::parse(&value) {
        Ok(template) => template,
        Err(error) => {
            cx.error_spanned_by(lit, error);
            return;
        }
    };
    if let Err(error) = template.check_literal_prefix() {
        cx.error_spanned_by(
            lit,
            format!("{error} (e.g. `role:{{role_id}}`): the router finds the item by that prefix"),
        );
    }
    if template.prefix().starts_with(INSTANCE_PREFIX) {
        cx.error_spanned_by(lit, reserved_prefix_message());
    }
    if let Err(error) = template.check_fields_apart() {
        cx.error_spanned_by(
            lit,
            format!("{error} (e.g. `{{a}}:{{b}}`) so the id can be split back"),
        );
    }
    let Some(method) = item.method() else {
        cx.error_spanned_by(lit, "a link button cannot have a `custom_id`");
        return;
    };
    let args = handler_args(method);
    let arg_names: Vec<&str> = args.iter().map(|(name, _)| name.as_str()).collect();
    for field in template.fields() {
        let name = field.name;
        if syn::parse_str::<syn::Ident>(name).is_err() {
            cx.error_spanned_by(
                lit,
                format!("placeholder `{{{name}}}` must name a handler argument (an identifier)"),
            );
            continue;
        }
        if let Err(error) = field.check_unique() {
            cx.error_spanned_by(lit, error);
            continue;
        }
        if !arg_names.contains(&name) {
            let hint = suggest::closest(name, &arg_names)
                .map(|close| format!("; did you mean `{{{close}}}`?"))
                .unwrap_or_else(|| {
                    format!(
                        "; add an argument `{name}: T` to `{}` (T: `FromStr + Display`)",
                        item.name
                    )
                });
            cx.error_spanned_by(
                lit,
                format!(
                    "placeholder `{{{name}}}` names no argument of handler `{}`{hint}",
                    item.name
                ),
            );
        }
    }
    if let Err(error) = template.check_length() {
        cx.error_spanned_by(lit, error);
    }
}

/// Template prefixes must not overlap within a view, and no static
/// custom_id may start with a template's prefix: otherwise one id could
/// be read as two items.
pub fn prefix_rules(cx: &mut Ctxt, items: &[Item<'_>]) {
    for (index, item) in items.iter().enumerate() {
        let Some(lit) = item.custom_id() else {
            continue;
        };
        for earlier in &items[..index] {
            let Some(other) = earlier.custom_id() else {
                continue;
            };
            let (value, other_value) = (lit.value(), other.value());
            let clash = match (is_template(&value), is_template(&other_value)) {
                (true, true) => {
                    let (a, b) = (prefix(&value), prefix(&other_value));
                    value != other_value && (a.starts_with(b) || b.starts_with(a))
                }
                (true, false) => other_value.starts_with(prefix(&value)),
                (false, true) => value.starts_with(prefix(&other_value)),
                (false, false) => false,
            };
            if clash {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "custom_id \"{value}\" is ambiguous with `{}`'s \"{other_value}\": \
                         a template's literal prefix must not overlap another item's custom_id",
                        earlier.name
                    ),
                );
            }
        }
    }
}

/// The name of the generated id constructor: `<item>_custom_id`.
pub fn constructor_name(item: &Item<'_>) -> syn::Ident {
    format_ident!("{}_custom_id", syn::ext::IdentExt::unraw(item.name))
}

/// `pub fn toggle_custom_id(role_id: impl Borrow<T>) -> Result<String, CustomIdError>`.
pub fn constructor(item: &Item<'_>, method: &ImplItemFn, lit: &LitStr) -> TokenStream {
    let p = crate::support::path();
    let name = constructor_name(item);
    let vis = &method.vis;
    let args = handler_args(method);
    let fields = field_names(lit);
    let params = fields.iter().filter_map(|field| {
        let (_, ty) = args.iter().find(|(name, _)| name == field)?;
        let ident = format_ident!("{}", field);
        Some(quote_spanned!(ty.span()=> #ident: impl ::core::borrow::Borrow<#ty>))
    });
    let texts = fields.iter().filter_map(|field| {
        let (_, ty) = args.iter().find(|(name, _)| name == field)?;
        let ident = format_ident!("{}", field);
        Some(quote_spanned!(ty.span()=> (#p::template::codec::<#ty>().write)(#ident.borrow())))
    });
    let doc = format!(
        "The custom_id of dynamic item `{}`: `{}` with the given fields.\n\n\
         # Errors\n\nThe id is longer than 100 characters, or a field's text contains \
         the text that follows it in the template.",
        item.name,
        lit.value()
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::needless_pass_by_value)]
        #vis fn #name(#(#params),*) -> #p::Result<#p::String, #p::template::CustomIdError> {
            use ::core::borrow::Borrow as _;
            #p::template::format(#lit, &[#(#texts),*])
        }
    }
}

/// The hidden matcher: the whole id matches and every field parses.
pub fn matcher(item: &Item<'_>, method: &ImplItemFn, lit: &LitStr) -> TokenStream {
    let p = crate::support::path();
    let name = matcher_name(item);
    let args = handler_args(method);
    let checks = field_names(lit)
        .iter()
        .enumerate()
        .filter_map(|(index, field)| {
            let (_, ty) = args.iter().find(|(name, _)| name == field)?;
            let codec = quote_spanned!(ty.span()=> #p::template::codec::<#ty>());
            Some(quote!(texts.get(#index).is_some_and(|text| (#codec.parse)(text).is_some())))
        })
        .collect::<Vec<_>>();
    quote! {
        #[doc(hidden)]
        fn #name(custom_id: &str) -> bool {
            match #p::template::fields(#lit, custom_id) {
                #p::Option::Some(texts) => true #(&& #checks)*,
                #p::Option::None => false,
            }
        }
    }
}

/// The hidden matcher's name.
pub fn matcher_name(item: &Item<'_>) -> syn::Ident {
    format_ident!("__tv_matches_{}", item.name)
}

/// The `TemplateSpec` of a dynamic item at dispatch-table `index`.
pub fn spec(item: &Item<'_>, index: usize, lit: &LitStr) -> TokenStream {
    let p = crate::support::path();
    let matcher = matcher_name(item);
    quote! {
        #p::template::TemplateSpec { index: #index, template: #lit, matches: Self::#matcher }
    }
}

/// The rendered id of a dynamic item: its constructor called with the
/// view's fields of the same names (spanned at the template, so a missing
/// field is reported there).
pub fn rendered_id(item: &Item<'_>, lit: &LitStr) -> TokenStream {
    let p = crate::support::path();
    let name = constructor_name(item);
    let view_name = item.name.to_string();
    let fields = field_names(lit).into_iter().map(|field| {
        let ident = format_ident!("{}", field, span = lit.span());
        quote_spanned!(lit.span()=> &self.#ident)
    });
    quote! {
        #p::template::rendered(Self::#name(#(#fields),*), #view_name)
    }
}

/// The extraction of a placeholder argument in the handler shim, or `None`
/// for an argument taken from the interaction (or an item without a
/// template).
pub fn field_extract(
    template: Option<&LitStr>,
    arg_name: &str,
    ty: &Type,
    var: &syn::Ident,
) -> Option<TokenStream> {
    let lit = template?;
    let index = field_names(lit)
        .iter()
        .position(|field| field == arg_name)?;
    let p = crate::support::path();
    Some(quote_spanned! {ty.span()=>
        let #var = match #p::template::field(__tv_ctx.custom_id(), #lit, #index, #p::template::codec::<#ty>()) {
            #p::Result::Ok(value) => value,
            #p::Result::Err(error) => return #p::HandlerFuture::failed(error),
        };
    })
}

/// A template item needs a persistent view: a non-persistent view renders
/// generated ids, which would drop the fields. Spanned on the template; see
/// `expand::persistence_rule` for why this is a trait bound.
pub fn persistent_assertion(self_ty: &Type, lit: &LitStr) -> TokenStream {
    super::expand::persistence_rule(self_ty, "DynamicItem", lit.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_of_a_literal() {
        assert_eq!(field_names(&syn::parse_quote!("r:{a}:{b}")), ["a", "b"]);
        assert!(field_names(&syn::parse_quote!("r:{a")).is_empty());
    }
}
