//! Dynamic items: a `custom_id` with `{field}` placeholders, e.g.
//! `role:{role_id}`. Rules (checked here) and the pieces of generated code
//! that build, match and read such ids. The runtime half is
//! `views_core::template`; both read templates the same way.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::{FnArg, ImplItemFn, LitStr, Pat, Type, spanned::Spanned};

use super::ast::Item;
use crate::{ctxt::Ctxt, limits, suggest};

/// One part of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Literal text.
    Literal(String),
    /// A `{name}` placeholder.
    Field(String),
}

/// Whether a custom_id literal is a template.
pub fn is_template(lit: &LitStr) -> bool {
    lit.value().contains('{')
}

/// The literal prefix (up to the first `{`).
pub fn prefix(template: &str) -> &str {
    template
        .split_once('{')
        .map_or(template, |(prefix, _)| prefix)
}

/// Splits a template; `Err` describes a brace error.
pub fn segments(template: &str) -> Result<Vec<Segment>, &'static str> {
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            if rest.contains('}') {
                return Err("unmatched `}` in the custom_id template");
            }
            out.push(Segment::Literal(rest.to_owned()));
            break;
        };
        let literal = &rest[..open];
        if literal.contains('}') {
            return Err("unmatched `}` in the custom_id template");
        }
        if !literal.is_empty() {
            out.push(Segment::Literal(literal.to_owned()));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("unclosed `{` in the custom_id template");
        };
        let name = &after[..close];
        if name.contains('{') {
            return Err("unclosed `{` in the custom_id template");
        }
        out.push(Segment::Field(name.to_owned()));
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// The field names of a valid template, in order.
pub fn field_names(template: &str) -> Vec<String> {
    segments(template)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|segment| match segment {
            Segment::Field(name) => Some(name),
            Segment::Literal(_) => None,
        })
        .collect()
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
    let template = lit.value();
    let segments = match segments(&template) {
        Ok(segments) => segments,
        Err(message) => {
            cx.error_spanned_by(lit, message);
            return;
        }
    };
    // The router indexes templates by their literal prefix.
    if !matches!(segments.first(), Some(Segment::Literal(_))) {
        cx.error_spanned_by(
            lit,
            "a custom_id template starts with literal text (e.g. `role:{role_id}`): \
             the router finds the item by that prefix",
        );
    }
    if prefix(&template).starts_with(limits::RESERVED_PREFIX) {
        cx.error_spanned_by(
            lit,
            format!(
                "custom_ids starting with `{}` are reserved for the ids the router generates",
                limits::RESERVED_PREFIX
            ),
        );
    }
    // `{a}{b}` has no boundary between the two fields.
    if segments
        .windows(2)
        .any(|pair| matches!(pair, [Segment::Field(_), Segment::Field(_)]))
    {
        cx.error_spanned_by(
            lit,
            "two placeholders touch in the custom_id template: put literal text between them \
             (e.g. `{a}:{b}`) so the id can be split back",
        );
    }
    let Some(method) = item.method() else {
        cx.error_spanned_by(lit, "a link button cannot have a `custom_id`");
        return;
    };
    let args = handler_args(method);
    let arg_names: Vec<&str> = args.iter().map(|(name, _)| name.as_str()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for segment in &segments {
        let Segment::Field(name) = segment else {
            continue;
        };
        if syn::parse_str::<syn::Ident>(name).is_err() {
            cx.error_spanned_by(
                lit,
                format!("placeholder `{{{name}}}` must name a handler argument (an identifier)"),
            );
            continue;
        }
        if seen.contains(&name.as_str()) {
            cx.error_spanned_by(
                lit,
                format!("placeholder `{{{name}}}` appears twice in the custom_id template"),
            );
            continue;
        }
        seen.push(name);
        if !arg_names.contains(&name.as_str()) {
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
    let literal_len: usize = segments
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) => text.chars().count(),
            Segment::Field(_) => 1,
        })
        .sum();
    if literal_len > limits::CUSTOM_ID_MAX {
        cx.error_spanned_by(
            lit,
            format!(
                "the custom_id template needs at least {literal_len} characters; Discord allows at most {}",
                limits::CUSTOM_ID_MAX
            ),
        );
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
            let clash = match (is_template(lit), is_template(other)) {
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
    let p = quote!(::twilight_views::__private);
    let name = constructor_name(item);
    let vis = &method.vis;
    let args = handler_args(method);
    let fields = field_names(&lit.value());
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
    let p = quote!(::twilight_views::__private);
    let name = matcher_name(item);
    let args = handler_args(method);
    let checks = field_names(&lit.value())
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
    let p = quote!(::twilight_views::__private);
    let matcher = matcher_name(item);
    quote! {
        #p::template::TemplateSpec { index: #index, template: #lit, matches: Self::#matcher }
    }
}

/// The rendered id of a dynamic item: its constructor called with the
/// view's fields of the same names (spanned at the template, so a missing
/// field is reported there).
pub fn rendered_id(item: &Item<'_>, lit: &LitStr) -> TokenStream {
    let p = quote!(::twilight_views::__private);
    let name = constructor_name(item);
    let view_name = item.name.to_string();
    let fields = field_names(&lit.value()).into_iter().map(|field| {
        let ident = format_ident!("{}", field, span = lit.span());
        quote_spanned!(lit.span()=> &self.#ident)
    });
    quote! {
        #p::template::rendered(Self::#name(#(#fields),*), #view_name)
    }
}

/// The extraction of a placeholder argument in the handler shim, or `None`
/// for an argument taken from the interaction.
pub fn field_extract(
    lit: Option<&LitStr>,
    arg_name: &str,
    ty: &Type,
    var: &syn::Ident,
) -> Option<TokenStream> {
    let lit = lit.filter(|lit| is_template(lit))?;
    let index = field_names(&lit.value())
        .iter()
        .position(|field| field == arg_name)?;
    let p = quote!(::twilight_views::__private);
    Some(quote_spanned! {ty.span()=>
        let #var = match #p::template::field(&__tv_ctx, #lit, #index, #p::template::codec::<#ty>()) {
            #p::Result::Ok(value) => value,
            #p::Result::Err(error) => return #p::Result::Err(error),
        };
    })
}

/// A template item needs a persistent view: a non-persistent view renders
/// generated ids, which would drop the fields.
pub fn persistent_assertion(self_ty: &Type, item: &Item<'_>, lit: &LitStr) -> TokenStream {
    let p = quote!(::twilight_views::__private);
    let message = format!(
        "dynamic item `{}` needs `#[view(persistent)]`: its fields travel in its custom_id, \
         which a non-persistent view replaces with a generated one",
        item.name
    );
    quote_spanned! {lit.span()=>
        const _: () = ::core::assert!(<#self_ty as #p::ViewOptions>::PERSISTENT, #message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_templates() {
        assert_eq!(
            segments("a:{x}:b"),
            Ok(vec![
                Segment::Literal("a:".into()),
                Segment::Field("x".into()),
                Segment::Literal(":b".into()),
            ])
        );
        assert!(segments("a:{x").is_err());
        assert!(segments("a:x}").is_err());
        assert_eq!(field_names("r:{a}:{b}"), ["a", "b"]);
    }
}
