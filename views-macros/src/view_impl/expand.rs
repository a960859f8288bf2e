//! Code generation for a valid `#[view]` impl block: the hidden handler
//! shims, the static dispatch table, `render`, the hook forwarding and the
//! persistence assertions. Only ever sees input that passed `valid.rs`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{FnArg, ImplItemFn, Pat, ReturnType, ext::IdentExt, spanned::Spanned};

use super::{
    ast::{Item, ItemKind, ViewImpl},
    attr::{
        ButtonAttr, CHANNEL_TYPES, Defer, OptionAttr, Options, SelectAttr, SelectKind, Style,
        StyleValue,
    },
    dynamic, fallback,
    layout::{self, ast::Node},
};
use crate::args::Text;

/// How a view's items go on its message.
pub enum Render<'r> {
    /// Action rows: each item's row, in declaration order.
    Rows(&'r [u8]),
    /// A Components V2 layout: the `#[layout]` tree.
    Layout(&'r [Node]),
}

/// The runtime paths table.
fn private() -> TokenStream {
    crate::support::path()
}

/// Everything `#[view]` emits for a valid impl block.
pub fn expand(block: &syn::ItemImpl, view: &ViewImpl<'_>, render: &Render<'_>) -> TokenStream {
    let p = private();
    let self_ty = view.self_ty;
    let stripped = fallback::strip_item_attrs(block);

    let interactive: Vec<&Item<'_>> = view.items.iter().filter(|i| i.method().is_some()).collect();
    let specs = interactive.iter().map(|item| item_spec(item));
    let handlers = interactive
        .iter()
        .filter_map(|item| item.method().map(|method| handler_shim(item, method)));
    let item_component = |item: &Item<'_>| {
        let index = interactive
            .iter()
            .position(|other| std::ptr::eq(*other, item));
        component(item, index)
    };
    let (render_body, layout_const) = match render {
        Render::Rows(rows) => {
            let placed = view.items.iter().zip(*rows).map(|(item, row)| {
                let component = item_component(item);
                quote!(__tv_placed.push(#p::render::Placed { row: #row, component: #component });)
            });
            let count = view.items.len();
            let body = quote! {
                let mut __tv_placed = #p::Vec::with_capacity(#count);
                #(#placed)*
                #p::render::rows(__tv_placed)
            };
            (body, None)
        }
        Render::Layout(nodes) => {
            let by_name = |name: &syn::Ident| {
                view.items
                    .iter()
                    .find(|item| item.name == name)
                    .map(item_component)
            };
            let body = layout::expand::render(nodes, &by_name);
            (
                body,
                Some(quote!(
                    const LAYOUT: bool = true;
                )),
            )
        }
    };
    let hooks = view
        .hooks
        .iter()
        .map(|hook| hook_forward(&hook.name.to_string()));
    let mut assertions: Vec<TokenStream> = interactive
        .iter()
        .filter(|item| item.custom_id().is_none())
        .map(|item| persistent_assertion(self_ty, item))
        .collect();
    // Dynamic items: (table index, item, handler, template).
    let dynamic_items: Vec<(usize, &Item<'_>, &ImplItemFn, &syn::LitStr)> = interactive
        .iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let lit = item.template()?;
            Some((index, *item, item.method()?, lit))
        })
        .collect();
    assertions.extend(
        dynamic_items
            .iter()
            .map(|(_, _, _, lit)| dynamic::persistent_assertion(self_ty, lit)),
    );
    let constructors = dynamic_items
        .iter()
        .map(|(_, item, method, lit)| dynamic::constructor(item, method, lit));
    let matchers = dynamic_items
        .iter()
        .map(|(_, item, method, lit)| dynamic::matcher(item, method, lit));
    let templates = if dynamic_items.is_empty() {
        None
    } else {
        let specs = dynamic_items
            .iter()
            .map(|(index, item, _, lit)| dynamic::spec(item, *index, lit));
        Some(quote! {
            fn templates() -> &'static [#p::template::TemplateSpec] {
                &[#(#specs),*]
            }
        })
    };
    let constructors_block = if dynamic_items.is_empty() {
        None
    } else {
        Some(quote! {
            impl #self_ty {
                #(#constructors)*
            }
        })
    };

    quote! {
        #stripped

        #[doc(hidden)]
        #[allow(clippy::needless_lifetimes, clippy::used_underscore_binding)]
        impl #self_ty {
            const __TV_ITEMS: &'static [#p::ItemSpec<Self>] = &[#(#specs),*];
            #(#handlers)*
            #(#matchers)*
        }

        #constructors_block

        #[automatically_derived]
        impl #p::View for #self_ty {
            fn items() -> &'static [#p::ItemSpec<Self>] {
                Self::__TV_ITEMS
            }

            #templates

            #layout_const

            fn render(&self, ids: &#p::CustomIds) -> #p::Vec<#p::Component> {
                #render_body
            }

            #(#hooks)*
        }

        #(#assertions)*
    }
}

/// `Some("id")` or `None`.
fn declared(item: &Item<'_>) -> TokenStream {
    let p = private();
    match item.custom_id() {
        Some(id) => quote!(#p::Option::Some(#id)),
        None => quote!(#p::Option::None),
    }
}

/// `SourceLocation` of `span`'s line (`line!()` spanned there reports it).
fn location(span: Span) -> TokenStream {
    let p = private();
    quote_spanned!(span=> #p::SourceLocation { file: ::core::file!(), line: ::core::line!() })
}

/// The hidden handler shim's name.
fn shim_name(item: &Item<'_>) -> syn::Ident {
    format_ident!("__tv_handler_{}", item.name)
}

/// One `ItemSpec` of the dispatch table.
fn item_spec(item: &Item<'_>) -> TokenStream {
    let p = private();
    let custom_id = declared(item);
    let name = item.name.unraw().to_string();
    let shim = shim_name(item);
    let defined_at = location(item.name.span());
    let (component_type, defer) = match &item.kind {
        ItemKind::Select { attr, .. } => {
            // twilight's `ComponentType::UserSelectMenu` for `SelectMenuType::User`.
            let kind = format_ident!("{}SelectMenu", select_menu_type(attr.select_kind()));
            (quote!(#kind), attr.defer.as_ref().map(|(defer, _)| *defer))
        }
        ItemKind::Button { attr, .. } | ItemKind::Link { attr, .. } => {
            (quote!(Button), attr.defer.as_ref().map(|(defer, _)| *defer))
        }
    };
    let defer = match defer.unwrap_or(Defer::Update) {
        Defer::Update => quote!(Update),
        Defer::Ephemeral => quote!(Ephemeral),
        Defer::Off => quote!(Off),
    };
    // `&mut self` handlers may change the state a store keeps.
    let mutates = matches!(
        item.method().and_then(|method| method.sig.inputs.first()),
        Some(FnArg::Receiver(receiver)) if receiver.mutability.is_some()
    );
    quote! {
        #p::ItemSpec {
            custom_id: #custom_id,
            name: #name,
            component_type: #p::ComponentType::#component_type,
            auto_defer: #p::AutoDefer::#defer,
            mutates: #mutates,
            handler: Self::#shim,
            defined_at: #defined_at,
        }
    }
}

/// The hidden `fn __tv_handler_x<'a>(view: &'a mut Self, ctx) -> HandlerFuture<'a>`:
/// extracts the extra arguments, then boxes the user's method future as it
/// is. No `async` block of its own: one would be a second state machine per
/// handler, compiled into every bot (see "Compile time" in
/// docs/performance.md); the output is converted by the runtime's
/// `HandlerFuture`, which is compiled once per future type as a small poll.
fn handler_shim(item: &Item<'_>, method: &ImplItemFn) -> TokenStream {
    let p = private();
    let shim = shim_name(item);
    let name = item.name;
    let sig = &method.sig;
    let ctx_arg = match sig.inputs.iter().nth(1) {
        Some(FnArg::Typed(arg)) => quote_spanned!(arg.ty.span()=> __tv_ctx),
        _ => quote!(__tv_ctx),
    };
    let extras: Vec<(syn::Ident, TokenStream)> = sig
        .inputs
        .iter()
        .skip(2)
        .enumerate()
        .filter_map(|(index, arg)| match arg {
            FnArg::Typed(arg) => {
                let var = format_ident!("__tv_arg_{}", index);
                let ty = &arg.ty;
                if let Pat::Ident(ident) = &*arg.pat
                    && let Some(extract) =
                        dynamic::field_extract(item.template(), &ident.ident.to_string(), ty, &var)
                {
                    return Some((var, extract));
                }
                // Spanned at the type: an unsupported type errors on it.
                let extract = quote_spanned! {ty.span()=>
                    let #var = match <#ty as #p::FromInteraction>::from_interaction(&__tv_ctx) {
                        #p::Result::Ok(value) => value,
                        #p::Result::Err(error) => return #p::HandlerFuture::failed(error),
                    };
                };
                Some((var, extract))
            }
            FnArg::Receiver(_) => None,
        })
        .collect();
    let vars = extras.iter().map(|(var, _)| var);
    let extracts = extras.iter().map(|(_, extract)| extract);
    let ret_span = match &sig.output {
        ReturnType::Type(_, ty) => ty.span(),
        ReturnType::Default => sig.ident.span(),
    };
    // The output type's marker, spanned at the return type: a return type
    // that is not a handler result is reported there.
    let returns = {
        let p = crate::support::path_at(ret_span);
        quote_spanned!(ret_span=> #p::Returns::new())
    };
    // Spanned at the method name: a handler whose future is not `Send`
    // is reported there.
    let span = sig.ident.span();
    let p = crate::support::path_at(span);
    let call = quote_spanned! {span=>
        #p::HandlerFuture::new(Self::#name(view, #ctx_arg, #(#vars),*), #returns)
    };
    quote! {
        #[doc(hidden)]
        fn #shim<'a>(
            view: &'a mut Self,
            __tv_ctx: #p::ViewContext,
        ) -> #p::HandlerFuture<'a> {
            #(#extracts)*
            #call
        }
    }
}

/// `Option<String>` from a label-like text.
pub(crate) fn opt_string(text: Option<&Text>) -> TokenStream {
    let p = private();
    match text {
        None => quote!(#p::Option::None),
        Some(text) => {
            let value = string(text);
            quote!(#p::Option::Some(#value))
        }
    }
}

/// `String` from a text: literal, or an expression converted with `From`
/// (spanned at the expression, so a wrong type errors there).
pub(crate) fn string(text: &Text) -> TokenStream {
    let p = private();
    match text {
        Text::Lit(lit) => quote!(#p::String::from(#lit)),
        // A call: a wrong type errors on the argument, i.e. the expression.
        Text::Expr(expr) => quote!(#p::into_string(#expr)),
    }
}

/// `Option<EmojiReactionType>` from an emoji text.
fn emoji(text: Option<&Text>) -> TokenStream {
    let p = private();
    match text {
        None => quote!(#p::Option::None),
        Some(Text::Lit(lit)) => quote!(#p::Option::Some(#p::render::emoji(#lit))),
        Some(Text::Expr(expr)) => {
            quote!(#p::Option::Some(#p::render::emoji(&#p::into_string(#expr))))
        }
    }
}

/// `bool` from `disabled` (absent: false).
pub(crate) fn flag(expr: Option<&syn::Expr>) -> TokenStream {
    match expr {
        None => quote!(false),
        Some(expr) => quote_spanned!(expr.span()=> { let value: bool = #expr; value }),
    }
}

/// The rendered component of `item`; `index` is its dispatch-table index.
fn component(item: &Item<'_>, index: Option<usize>) -> TokenStream {
    let p = private();
    let custom_id = match item.template() {
        Some(lit) => dynamic::rendered_id(item, lit),
        None => {
            let declared = declared(item);
            let index = index.unwrap_or_default();
            quote!(ids.custom_id(#index, #declared))
        }
    };
    let component = match &item.kind {
        ItemKind::Button { attr, .. } => button(item, attr, &custom_id),
        ItemKind::Link { attr, .. } if attr.is_premium() => {
            let sku = match &attr.sku_id {
                Some((
                    _,
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(lit),
                        ..
                    }),
                )) => quote!(#p::render::sku(#lit)),
                // Typed where written: an `Id<SkuMarker>`.
                Some((_, expr)) => quote_spanned! {expr.span()=>
                    { let id: #p::twilight_model::id::Id<#p::twilight_model::id::marker::SkuMarker> = #expr; id }
                },
                None => quote!(#p::render::sku(1)),
            };
            let disabled = flag(attr.disabled.as_ref());
            quote!(#p::render::premium_button(#sku, #disabled))
        }
        ItemKind::Link { attr, .. } => {
            let url = attr
                .url
                .as_ref()
                .map_or_else(|| quote!(#p::String::new()), |(_, url)| string(url));
            let label = opt_string(attr.label.as_ref());
            let emoji = emoji(attr.emoji.as_ref());
            let disabled = flag(attr.disabled.as_ref());
            quote!(#p::render::link_button(#url, #label, #emoji, #disabled))
        }
        ItemKind::Select { attr, .. } => select(attr, &custom_id),
    };
    match item.id() {
        Some((id, _)) => quote!(#p::layout::with_id(#component, #id)),
        None => component,
    }
}

/// A button with a custom_id.
fn button(item: &Item<'_>, attr: &ButtonAttr, custom_id: &TokenStream) -> TokenStream {
    let p = private();
    let label = opt_string(attr.label.as_ref());
    let emoji = emoji(attr.emoji.as_ref());
    let style = match &attr.style {
        // discord.py's default style is secondary (grey).
        None => quote!(#p::ButtonStyle::Secondary),
        Some(StyleValue::Lit((style, _))) => match style {
            Style::Primary => quote!(#p::ButtonStyle::Primary),
            Style::Secondary => quote!(#p::ButtonStyle::Secondary),
            Style::Success => quote!(#p::ButtonStyle::Success),
            Style::Danger => quote!(#p::ButtonStyle::Danger),
            // Refused on a button with a handler (valid.rs).
            Style::Premium => quote!(#p::ButtonStyle::Secondary),
        },
        // Typed where written (a wrong type errors on the expression), then
        // checked at render: Link or Premium falls back to Secondary.
        Some(StyleValue::Expr(expr)) => {
            let name = item.name.unraw().to_string();
            let value = quote_spanned!(expr.span()=> { let style: #p::ButtonStyle = #expr; style });
            quote!(#p::render::button_style(#value, <Self as #p::ViewOptions>::NAME, #name))
        }
    };
    let disabled = flag(attr.disabled.as_ref());
    quote!(#p::render::button(#custom_id, #label, #emoji, #style, #disabled))
}

/// One literal option.
pub(crate) fn option(option: &OptionAttr) -> TokenStream {
    let p = private();
    let label = option.label.as_ref().map_or_else(|| quote!(""), string);
    let value = option.value.as_ref().map_or_else(|| quote!(""), string);
    let description = opt_string(option.description.as_ref());
    let emoji = emoji(option.emoji.as_ref());
    let default = flag(option.default.as_ref());
    quote!(#p::render::select_option(#label, #value, #description, #emoji, #default))
}

/// twilight's `SelectMenuType` variant of a select kind.
fn select_menu_type(kind: SelectKind) -> syn::Ident {
    let name = match kind {
        SelectKind::String => "Text",
        SelectKind::User => "User",
        SelectKind::Role => "Role",
        SelectKind::Channel => "Channel",
        SelectKind::Mentionable => "Mentionable",
    };
    format_ident!("{name}")
}

/// A select menu.
fn select(attr: &SelectAttr, custom_id: &TokenStream) -> TokenStream {
    let p = private();
    let kind = select_menu_type(attr.select_kind());
    let options = match &attr.options {
        None => quote!(#p::Option::None),
        Some((_, Options::Literal { options, .. })) => {
            let options = options.iter().map(option);
            quote!(#p::Option::Some(#p::Vec::from([#(#options),*])))
        }
        Some((_, Options::Expr(expr))) => quote_spanned! {expr.span()=>
            #p::Option::Some({
                let options: #p::Vec<#p::SelectMenuOption> = #expr;
                options
            })
        },
    };
    let placeholder = opt_string(attr.placeholder.as_ref());
    let values = |value: &Option<(u64, syn::LitInt)>| match value {
        // Validated <= 25, so the cast cannot truncate.
        Some((value, _)) => {
            let value = u8::try_from(*value).unwrap_or(u8::MAX);
            quote!(#p::Option::Some(#value))
        }
        None => quote!(#p::Option::None),
    };
    let min_values = values(&attr.min_values);
    let max_values = values(&attr.max_values);
    let disabled = flag(attr.disabled.as_ref());
    let channel_types = match &attr.channel_types {
        None => quote!(#p::Option::None),
        Some((_, types)) => {
            let types = types
                .iter()
                .filter_map(|index| CHANNEL_TYPES.get(*index))
                .map(|(_, variant)| {
                    let variant = format_ident!("{}", variant);
                    quote!(#p::ChannelType::#variant)
                });
            quote!(#p::Option::Some(#p::Vec::from([#(#types),*])))
        }
    };
    let default_values = match &attr.default_values {
        // Refused on a string select (valid.rs).
        Some((_, expr)) if attr.select_kind() != SelectKind::String => {
            let marker = format_ident!(
                "{}",
                match attr.select_kind() {
                    SelectKind::User => "UserMarker",
                    SelectKind::Role => "RoleMarker",
                    SelectKind::Channel => "ChannelMarker",
                    _ => "GenericMarker",
                }
            );
            // Typed where written: a list of the select kind's ids.
            quote_spanned! {expr.span()=>
                #p::render::default_values::<#p::twilight_model::id::marker::#marker, _>(#expr)
            }
        }
        _ => quote!(#p::Option::None),
    };
    quote! {
        #p::render::select(#custom_id, #p::SelectParts {
            kind: #p::SelectMenuType::#kind,
            options: #options,
            placeholder: #placeholder,
            min_values: #min_values,
            max_values: #max_values,
            disabled: #disabled,
            channel_types: #channel_types,
            default_values: #default_values,
        })
    }
}

/// The `View` method forwarding to the inherent hook of the same name.
/// (`Self::name` resolves to the inherent method before the trait's.)
fn hook_forward(name: &str) -> TokenStream {
    let p = private();
    match name {
        "interaction_check" => quote! {
            fn interaction_check<'a>(&'a self, ctx: &'a #p::ViewContext) -> #p::BoxFuture<'a, bool> {
                #p::Box::pin(Self::interaction_check(self, ctx))
            }
        },
        "on_error" => quote! {
            fn on_error<'a>(
                &'a mut self,
                ctx: &'a #p::ViewContext,
                error: &'a #p::HandlerError,
            ) -> #p::BoxFuture<'a, ()> {
                #p::Box::pin(Self::on_error(self, ctx, error))
            }
        },
        _ => quote! {
            fn on_timeout(&mut self) -> #p::BoxFuture<'_, ()> {
                #p::Box::pin(Self::on_timeout(self))
            }
        },
    }
}

/// "An item of a persistent view needs a custom_id", spanned on the item's
/// attribute (`button` / `select`).
fn persistent_assertion(self_ty: &syn::Type, item: &Item<'_>) -> TokenStream {
    let rule = if item.is_select() {
        "SelectWithoutCustomId"
    } else {
        "ButtonWithoutCustomId"
    };
    persistence_rule(self_ty, rule, item.attr_path.span())
}

/// A rule about the struct's `#[view(persistent)]`, checked where the
/// compiler knows both macro calls' output.
///
/// The impl block cannot see the struct's attribute: `#[view(persistent)]`
/// and `#[view]` on the impl are two macro invocations, and the only thing
/// the second can name is `<Self as ViewOptions>::PERSISTENT`. These rules
/// used to be `const _: () = assert!(..)`, whose failure rustc reports as
/// `error[E0080]: evaluation panicked: ..` with "evaluation of `_` failed
/// here" as label: our message, wrapped in const-eval noise. Now the rule
/// is a trait in `views_core::view`, implemented for every type with the
/// allowed value of the flag only, and the expansion asks for
/// `<Self as Rule<{ PERSISTENT }>>::OK`. A broken rule is then a missing
/// impl, which rustc reports with the trait's
/// `#[diagnostic::on_unimplemented]` message, label and note (serde's voice:
/// what to add, and why) on this span (the self type is re-spanned here, as
/// the error points at it), then a help at the struct that has or lacks
/// `persistent`, naming the trait (public in `views_core::view`, so rustc
/// prints its short name): no E0080. Other ways, rejected: a marker impl emitted by the
/// struct macro would change what compiles for a hand-written `ViewOptions`;
/// a `macro_rules!` callback left by the struct macro depends on item order
/// and modules; a `compile_error!` cannot wait for a constant. The message
/// cannot name the item (a trait's message is fixed): the span does.
pub fn persistence_rule(self_ty: &syn::Type, rule: &str, span: Span) -> TokenStream {
    let p = crate::support::path_at(span);
    let rule = syn::Ident::new(rule, span);
    let self_ty = located_at(quote::ToTokens::to_token_stream(self_ty), span);
    quote_spanned! {span=>
        const _: () = <#self_ty as #p::#rule<{ <#self_ty as #p::ViewOptions>::PERSISTENT }>>::OK;
    }
}

/// `tokens` reported at `span`, their names still resolved where written.
fn located_at(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), located_at(group.stream(), span));
                inner.set_span(group.span().located_at(span));
                token = proc_macro2::TokenTree::Group(inner);
            } else {
                token.set_span(token.span().located_at(span));
            }
            token
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::view_impl;

    /// The expansion of a valid impl block, as a parsed file.
    fn expand(block: proc_macro2::TokenStream) -> syn::File {
        let block: syn::ItemImpl = syn::parse2(block).expect("an impl block");
        let out = view_impl::expand(proc_macro2::TokenStream::new(), block);
        syn::parse2(out).expect("the expansion parses as items")
    }

    #[test]
    fn emits_the_block_shims_table_view_impl_and_assertions() {
        let file = expand(quote::quote! {
            impl V {
                #[button(custom_id = "v:a", label = "A")]
                async fn a(&mut self, ctx: ViewContext) {}
                #[button(url = "https://x.y", label = "L")]
                const L: () = ();
                #[select(kind = "user")]
                async fn s(&self, ctx: ViewContext, ids: Vec<Id<UserMarker>>) {}
            }
        });
        // User block, hidden block, `View` impl, one assertion (for `s`).
        assert_eq!(file.items.len(), 4);
        let text = quote::ToTokens::to_token_stream(&file).to_string();
        assert!(!text.contains("# [button"), "item attributes are stripped");
        assert!(text.contains("fn __tv_handler_a"), "{text}");
        assert!(text.contains("fn __tv_handler_s"), "{text}");
        assert!(
            !text.contains("__tv_handler_L"),
            "link buttons have no handler"
        );
        // Table order and indices follow declaration order, links excluded.
        let a = text.find("name : \"a\"").expect("entry a");
        let s = text.find("name : \"s\"").expect("entry s");
        assert!(a < s);
        assert!(text.contains("ids . custom_id (1usize"), "{text}");
        // Rows: a and L in row 0, the select in row 1.
        assert_eq!(text.matches("row : 0u8").count(), 2, "{text}");
        assert_eq!(text.matches("row : 1u8").count(), 1, "{text}");
        assert!(text.contains("SelectWithoutCustomId < {"), "{text}");
        assert!(text.contains("FromInteraction"));
    }

    #[test]
    fn invalid_input_falls_back_to_the_block_and_an_empty_view() {
        let block: syn::ItemImpl = syn::parse_quote! {
            impl V {
                #[button(lable = "A")]
                async fn a(&mut self, ctx: ViewContext) {}
                fn helper(&self) {}
            }
        };
        let text = view_impl::expand(proc_macro2::TokenStream::new(), block).to_string();
        assert!(text.contains("fn helper"), "{text}");
        assert!(text.contains("compile_error"), "{text}");
        assert!(text.contains("& []"), "empty dispatch table: {text}");
        assert!(!text.contains("__tv_handler"), "{text}");
    }
}
