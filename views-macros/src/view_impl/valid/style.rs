//! `style = EXPR` on a button with a handler: the style is a value known
//! only at render time, but an expression that plainly yields
//! `ButtonStyle::Link` or `ButtonStyle::Premium` in one of its branches is a
//! mistake the compiler can report. Anything subtler is caught when the
//! view renders (`render::button_style` falls back to `Secondary`).

use syn::{Block, Expr, ExprPath, Stmt};

use super::super::ast::Item;
use crate::ctxt::Ctxt;

/// Discord refuses a button with a custom_id in the link or premium style:
/// a link button sends no interaction, a premium button opens a purchase.
pub fn no_link_or_premium(cx: &mut Ctxt, item: &Item<'_>, expr: &Expr) {
    let mut results = Vec::new();
    result_paths(expr, &mut results);
    for path in results {
        let mut segments = path.path.segments.iter().rev();
        let (Some(variant), Some(owner)) = (segments.next(), segments.next()) else {
            continue;
        };
        if owner.ident != "ButtonStyle" {
            continue;
        }
        let why = if variant.ident == "Link" {
            "a link button is `#[button(url = ..)]` on an associated const"
        } else if variant.ident == "Premium" {
            "a premium button is `#[button(style = \"premium\", sku_id = ..)]` on an associated const"
        } else {
            continue;
        };
        cx.error_spanned_by(
            path,
            format!(
                "button `{}` has a handler, so its style is primary, secondary, success or danger; {why}",
                item.name
            ),
        );
    }
}

/// The paths an expression may evaluate to: itself, or the results of its
/// blocks, `if` branches and `match` arms.
fn result_paths<'e>(expr: &'e Expr, out: &mut Vec<&'e ExprPath>) {
    match expr {
        Expr::Path(path) => out.push(path),
        Expr::Paren(inner) => result_paths(&inner.expr, out),
        Expr::Group(inner) => result_paths(&inner.expr, out),
        Expr::Block(block) => block_result(&block.block, out),
        Expr::If(branch) => {
            block_result(&branch.then_branch, out);
            if let Some((_, otherwise)) = &branch.else_branch {
                result_paths(otherwise, out);
            }
        }
        Expr::Match(arms) => {
            for arm in &arms.arms {
                result_paths(&arm.body, out);
            }
        }
        _ => {}
    }
}

/// The paths a block's tail expression may evaluate to.
fn block_result<'e>(block: &'e Block, out: &mut Vec<&'e ExprPath>) {
    if let Some(Stmt::Expr(tail, None)) = block.stmts.last() {
        result_paths(tail, out);
    }
}
