use super::*;
use crate::view_impl::ast;

fn errors(block: syn::ItemImpl) -> String {
    let mut cx = Ctxt::new();
    let view = ast::from_impl(&mut cx, &block);
    check(&mut cx, &view);
    cx.to_compile_errors().to_string()
}

#[test]
fn a_valid_view_has_no_errors() {
    let e = errors(syn::parse_quote! {
        impl V {
            #[button(custom_id = "a", label = "A", style = "success")]
            async fn a(&mut self, ctx: ViewContext) -> ViewResult { Ok(()) }
            #[select(custom_id = "s", options = [option(label = "x", value = "x")], max_values = 1)]
            async fn s(&self, ctx: ViewContext, values: Vec<String>) {}
            #[button(url = "https://docs.rs", label = "Docs")]
            const DOCS: () = ();
            async fn interaction_check(&self, ctx: &ViewContext) -> bool { true }
            async fn on_timeout(&mut self) {}
        }
    });
    assert!(e.is_empty(), "{e}");
}

#[test]
fn signature_rules() {
    let e = errors(syn::parse_quote! {
        impl V {
            #[button(custom_id = "a", label = "A")]
            fn not_async(&self, ctx: ViewContext) {}
            #[button(custom_id = "b", label = "B")]
            async fn by_value(self, ctx: ViewContext) {}
            #[button(custom_id = "c", label = "C")]
            async fn no_receiver(ctx: ViewContext) {}
            #[button(custom_id = "d", label = "D")]
            async fn no_ctx(&self) {}
            #[button(custom_id = "e", label = "E")]
            async fn generic<T>(&self, ctx: ViewContext) {}
            #[button(custom_id = "f", label = "F")]
            async fn ctx_ref(&self, ctx: &ViewContext) {}
        }
    });
    for needle in [
        "handler `not_async` must be an `async fn`",
        "handler `by_value` takes `&self` or `&mut self`",
        "handler `no_receiver` needs a receiver",
        "handler `no_ctx` needs the context argument",
        "handler `generic` cannot be generic",
        "take the context by value",
    ] {
        assert!(e.contains(needle), "missing {needle:?} in {e}");
    }
}

#[test]
fn literal_limits() {
    let long = "x".repeat(101);
    let e = errors(syn::parse_quote! {
        impl V {
            #[button(custom_id = #long, label = "A")]
            async fn a(&self, ctx: ViewContext) {}
            #[button(custom_id = "", emoji = "<:bad>")]
            async fn b(&self, ctx: ViewContext) {}
            #[button(custom_id = "tvi:x", label = "R")]
            async fn r(&self, ctx: ViewContext) {}
            #[select(custom_id = "s", min_values = 3, max_values = 2, options = [option(label = "x")])]
            async fn s(&self, ctx: ViewContext) {}
        }
    });
    for needle in [
        "`custom_id` is 101 characters long",
        "`custom_id` cannot be empty",
        "custom_ids starting with `tvi:` are reserved",
        "a custom emoji is written",
        "`max_values` (2) is smaller than `min_values` (3)",
        "this option needs a `value`",
        "`max_values` is 2 but the select has only 1 options",
    ] {
        assert!(e.contains(needle), "missing {needle:?} in {e}");
    }
}

#[test]
fn item_kind_rules() {
    let e = errors(syn::parse_quote! {
        impl V {
            #[button(custom_id = "a", label = "A", url = "https://x.y")]
            async fn a(&self, ctx: ViewContext) {}
            #[button(label = "Docs", custom_id = "d")]
            const DOCS: () = ();
            #[button(custom_id = "a")]
            async fn c(&self, ctx: ViewContext) {}
            #[select(custom_id = "u", kind = "user", options = [option(label = "x", value = "x")])]
            async fn u(&self, ctx: ViewContext) {}
            #[select(custom_id = "t")]
            async fn t(&self, ctx: ViewContext) {}
        }
    });
    for needle in [
        "a link button has no handler",
        "link button `DOCS` needs a `url`",
        "a link button cannot have a `custom_id`",
        "button `c` needs a `label` or an `emoji`",
        "duplicate custom_id \\\"a\\\": `a` already uses it",
        "only a `kind = \\\"string\\\"` select has `options`",
        "string select `t` needs `options",
    ] {
        assert!(e.contains(needle), "missing {needle:?} in {e}");
    }
}

#[test]
fn a_bad_key_does_not_also_report_the_missing_key() {
    let e = errors(syn::parse_quote! {
        impl V {
            #[button(custom_id = "a", lable = "A")]
            async fn a(&self, ctx: ViewContext) {}
            #[select(custom_id = "s", kind = "users")]
            async fn s(&self, ctx: ViewContext) {}
            #[select(custom_id = "o", options = [option(label = "x", valeu = "x")])]
            async fn o(&self, ctx: ViewContext) {}
        }
    });
    assert!(e.contains("did you mean `value`?"), "{e}");
    assert!(!e.contains("needs a `value`"), "{e}");
    assert!(e.contains("did you mean `label`?"), "{e}");
    assert!(!e.contains("needs a `label`"), "{e}");
    assert!(!e.contains("needs `options"), "{e}");
}

#[test]
fn interaction_check_returns_bool() {
    let e = errors(syn::parse_quote! {
        impl V {
            async fn interaction_check(&self, ctx: &ViewContext) -> u8 { 1 }
        }
    });
    assert!(
        e.contains("hook `interaction_check` must have the signature"),
        "{e}"
    );
}

#[test]
fn hook_rules() {
    let e = errors(syn::parse_quote! {
        impl V {
            async fn interaction_check(&mut self, ctx: &ViewContext) -> bool { true }
            fn on_timeout(&mut self) {}
            async fn on_error(&self, ctx: &ViewContext, error: &HandlerError) -> u8 { 0 }
        }
    });
    assert!(e.contains("hook `on_error` must have the signature"), "{e}");
    assert!(
        e.contains("hook `interaction_check` must have the signature"),
        "{e}"
    );
    assert!(e.contains("hook `on_timeout` must be an `async fn`"), "{e}");
}

#[test]
fn style_expressions() {
    let e = errors(syn::parse_quote! {
        impl V {
            #[button(custom_id = "a", label = "A", style = if self.n > 5 { ButtonStyle::Success } else { ButtonStyle::Danger })]
            async fn a(&self, ctx: ViewContext) {}
        }
    });
    assert!(e.is_empty(), "{e}");
    let e = errors(syn::parse_quote! {
        impl V {
            #[button(custom_id = "a", label = "A", style = match self.n { 0 => ButtonStyle::Premium, _ => { ButtonStyle::Primary } })]
            async fn a(&self, ctx: ViewContext) {}
            #[button(custom_id = "b", label = "B", style = (ButtonStyle::Link))]
            async fn b(&self, ctx: ViewContext) {}
            #[button(url = "https://x.y", label = "L", style = self.style)]
            const L: () = ();
        }
    });
    for needle in [
        "button `a` has a handler, so its style is primary, secondary, success or danger; a premium button",
        "button `b` has a handler, so its style is primary, secondary, success or danger; a link button",
        "a link button always has the link style; remove `style`",
    ] {
        assert!(e.contains(needle), "missing {needle:?} in {e}");
    }
    assert_eq!(e.matches("compile_error").count(), 3, "{e}");
}
