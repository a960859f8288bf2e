//! Parses `#[modal(..)]` and the `#[text_input(..)]` of each field.

use proc_macro2::{Span, TokenStream};
use syn::{Expr, Ident, ItemStruct, LitInt, LitStr, Meta, Type, ext::IdentExt};

use crate::{
    args::{self, Args},
    ctxt::Ctxt,
};

/// Keys of `#[modal(..)]`.
const MODAL_KEYS: &[&str] = &["title", "custom_id"];
/// Keys of `#[text_input(..)]`.
const INPUT_KEYS: &[&str] = &[
    "label",
    "style",
    "placeholder",
    "min_length",
    "max_length",
    "required",
    "value",
];
/// `style = ".."` values, in `TextInputStyle` order.
pub const STYLES: &[&str] = &["short", "paragraph"];

/// A `#[modal]` struct.
pub struct ModalAttr {
    /// `title = ".."`.
    pub title: Option<LitStr>,
    /// `custom_id = ".."`.
    pub custom_id: Option<LitStr>,
    /// The inputs, in field order.
    pub inputs: Vec<Input>,
    /// Span of the attribute arguments, for "missing key" errors.
    pub span: Span,
}

/// One `#[text_input]` field.
pub struct Input {
    /// The field name (also the input's custom_id).
    pub ident: Ident,
    /// The field type.
    pub ty: Type,
    /// `Option<String>` rather than `String`.
    pub optional: bool,
    /// Whether the type is one of the two.
    pub ty_ok: bool,
    /// The attribute's path, to point at the input.
    pub attr_path: syn::Path,
    /// Whether the attribute parsed cleanly.
    pub clean: bool,
    /// `label = ".."`.
    pub label: Option<LitStr>,
    /// `style = ".."`: index into [`STYLES`].
    pub style: Option<(usize, LitStr)>,
    /// `placeholder = ".."`.
    pub placeholder: Option<LitStr>,
    /// `min_length = N`.
    pub min_length: Option<(u64, LitInt)>,
    /// `max_length = N`.
    pub max_length: Option<(u64, LitInt)>,
    /// `required = bool`.
    pub required: Option<(bool, Expr)>,
    /// `value = ".."`.
    pub value: Option<LitStr>,
}

/// Parses the attribute and the fields.
pub fn parse(cx: &mut Ctxt, args: TokenStream, item: &ItemStruct) -> ModalAttr {
    let span = if args.is_empty() {
        item.ident.span()
    } else {
        syn::spanned::Spanned::span(&args)
    };
    let mut modal = ModalAttr {
        title: None,
        custom_id: None,
        inputs: Vec::new(),
        span,
    };
    match syn::parse2::<Args>(args) {
        Ok(Args(parsed)) => {
            for arg in args::checked(cx, parsed, MODAL_KEYS, "#[modal]") {
                let key = arg.key.unraw().to_string();
                let lit = args::lit_str(cx, arg);
                match key.as_str() {
                    "title" => modal.title = lit,
                    _ => modal.custom_id = lit,
                }
            }
        }
        Err(error) => cx.syn_error(error),
    }
    let syn::Fields::Named(fields) = &item.fields else {
        cx.error_spanned_by(
            &item.ident,
            "a `#[modal]` struct has named fields, one per input: `subject: String`",
        );
        return modal;
    };
    for field in &fields.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let mut found = field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("text_input"));
        let Some(attr) = found.next() else {
            cx.error_spanned_by(
                &ident,
                format!(
                    "field `{ident}` of a modal needs `#[text_input(label = \"..\")]`: \
                     every field is an input of the form"
                ),
            );
            continue;
        };
        for extra in found {
            cx.error_spanned_by(extra, "a field has a single `#[text_input]`");
        }
        let (optional, ty_ok) = text_type(&field.ty);
        let mut input = Input {
            ident,
            ty: field.ty.clone(),
            optional,
            ty_ok,
            attr_path: attr.path().clone(),
            clean: true,
            label: None,
            style: None,
            placeholder: None,
            min_length: None,
            max_length: None,
            required: None,
            value: None,
        };
        let before = cx.error_count();
        let parsed = match &attr.meta {
            Meta::List(list) => match syn::parse2::<Args>(list.tokens.clone()) {
                Ok(Args(parsed)) => parsed,
                Err(error) => {
                    cx.syn_error(error);
                    Vec::new()
                }
            },
            _ => Vec::new(),
        };
        for arg in args::checked(cx, parsed, INPUT_KEYS, "#[text_input]") {
            let key = arg.key.unraw().to_string();
            match key.as_str() {
                "label" => input.label = args::lit_str(cx, arg),
                "placeholder" => input.placeholder = args::lit_str(cx, arg),
                "value" => input.value = args::lit_str(cx, arg),
                "style" => input.style = args::choice(cx, arg, STYLES, &[]),
                "min_length" => input.min_length = args::int(cx, arg),
                "max_length" => input.max_length = args::int(cx, arg),
                _ => {
                    let expr = args::flag_or_expr(arg);
                    match &expr {
                        Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Bool(value),
                            ..
                        }) => input.required = Some((value.value, expr.clone())),
                        other => cx.error_spanned_by(
                            other,
                            "`required` must be `true` or `false`: it decides the field's type",
                        ),
                    }
                }
            }
        }
        input.clean = cx.error_count() == before;
        modal.inputs.push(input);
    }
    modal
}

/// `(optional, ok)`: `String` is `(false, true)`, `Option<String>` is
/// `(true, true)`, anything else is not a text input type.
fn text_type(ty: &Type) -> (bool, bool) {
    let Type::Path(path) = ty else {
        return (false, false);
    };
    let Some(last) = path.path.segments.last() else {
        return (false, false);
    };
    if last.ident == "String" && last.arguments.is_empty() {
        return (false, true);
    }
    if last.ident == "Option"
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(Type::Path(inner))) = args.args.first()
        && args.args.len() == 1
        && inner
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "String")
    {
        return (true, true);
    }
    (false, false)
}
