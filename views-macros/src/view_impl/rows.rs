//! Action-row layout, computed at compile time: rows and item kinds are
//! static, so a view that cannot fit is a compile error rather than
//! discord.py's run-time `ValueError: item would not fit at row`.
//!
//! Same algorithm as discord.py's `_ViewWeights`: in declaration order, an
//! item with `row = N` goes to row N if it fits there; any other item goes
//! to the first row with room. A button is 1 wide, a select 5 (a full row).

use views_ids::limits::{ACTION_ROW_WIDTH, ACTION_ROWS_MAX};

use super::ast::Item;
use crate::ctxt::Ctxt;

/// The row of each item (same order as `items`); `None` when some item
/// could not be placed (the errors are in `cx`).
pub fn place(cx: &mut Ctxt, items: &[Item<'_>]) -> Option<Vec<u8>> {
    let mut used = [0usize; ACTION_ROWS_MAX];
    let mut rows = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        let width = if item.is_select() {
            ACTION_ROW_WIDTH
        } else {
            1
        };
        let row = match item.row() {
            Some((row, lit)) => {
                let Some(row) = usize::try_from(*row)
                    .ok()
                    .filter(|row| *row < ACTION_ROWS_MAX)
                else {
                    cx.error_spanned_by(
                        lit,
                        format!("`row` must be between 0 and {}", ACTION_ROWS_MAX - 1),
                    );
                    ok = false;
                    continue;
                };
                if used[row] + width > ACTION_ROW_WIDTH {
                    cx.error_spanned_by(lit, row_full_message(item, row, used[row]));
                    ok = false;
                    continue;
                }
                row
            }
            None => match used.iter().position(|u| u + width <= ACTION_ROW_WIDTH) {
                Some(row) => row,
                None => {
                    cx.error_spanned_by(
                        item.attr_path,
                        format!(
                            "no room left for `{}`: a message has at most {} action rows, \
                             each holding 5 buttons or one select",
                            item.name, ACTION_ROWS_MAX
                        ),
                    );
                    ok = false;
                    continue;
                }
            },
        };
        used[row] += width;
        // `row < ACTION_ROWS_MAX` (5), so it fits in a u8.
        rows.push(u8::try_from(row).unwrap_or(u8::MAX));
    }
    ok.then_some(rows)
}

/// Why `item` does not fit in `row`, which already has `used` width.
fn row_full_message(item: &Item<'_>, row: usize, used: usize) -> String {
    if item.is_select() {
        format!(
            "select `{}` needs a row of its own, but row {row} already holds other components",
            item.name
        )
    } else if used == ACTION_ROW_WIDTH && used > 0 {
        format!(
            "row {row} is full: it holds 5 buttons or a select, so `{}` does not fit",
            item.name
        )
    } else {
        format!("`{}` does not fit in row {row}", item.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_impl::ast;

    fn layout(block: syn::ItemImpl) -> (Option<Vec<u8>>, String) {
        let mut cx = Ctxt::new();
        let view = ast::from_impl(&mut cx, &block);
        let rows = place(&mut cx, &view.items);
        (rows, cx.to_compile_errors().to_string())
    }

    #[test]
    fn wraps_buttons_and_gives_selects_their_own_row() {
        let (rows, errors) = layout(syn::parse_quote! {
            impl V {
                #[button(label = "1")] async fn b1(&self, ctx: ViewContext) {}
                #[button(label = "2")] async fn b2(&self, ctx: ViewContext) {}
                #[select(options = [option(label = "a", value = "a")])] async fn s(&self, ctx: ViewContext) {}
                #[button(label = "3")] async fn b3(&self, ctx: ViewContext) {}
                #[button(label = "4")] async fn b4(&self, ctx: ViewContext) {}
                #[button(label = "5")] async fn b5(&self, ctx: ViewContext) {}
                #[button(label = "6")] async fn b6(&self, ctx: ViewContext) {}
                #[button(label = "7", row = 3)] async fn b7(&self, ctx: ViewContext) {}
            }
        });
        assert!(errors.is_empty(), "{errors}");
        assert_eq!(rows, Some(vec![0, 0, 1, 0, 0, 0, 2, 3]));
    }

    #[test]
    fn select_sharing_a_row_is_an_error() {
        let (rows, errors) = layout(syn::parse_quote! {
            impl V {
                #[button(label = "1")] async fn b1(&self, ctx: ViewContext) {}
                #[select(row = 0, options = [option(label = "a", value = "a")])] async fn s(&self, ctx: ViewContext) {}
            }
        });
        assert!(rows.is_none());
        assert!(
            errors.contains("select `s` needs a row of its own"),
            "{errors}"
        );
    }

    #[test]
    fn sixth_button_and_bad_rows_are_errors() {
        let (rows, errors) = layout(syn::parse_quote! {
            impl V {
                #[button(label = "1", row = 1)] async fn b1(&self, ctx: ViewContext) {}
                #[button(label = "2", row = 1)] async fn b2(&self, ctx: ViewContext) {}
                #[button(label = "3", row = 1)] async fn b3(&self, ctx: ViewContext) {}
                #[button(label = "4", row = 1)] async fn b4(&self, ctx: ViewContext) {}
                #[button(label = "5", row = 1)] async fn b5(&self, ctx: ViewContext) {}
                #[button(label = "6", row = 1)] async fn b6(&self, ctx: ViewContext) {}
                #[button(label = "7", row = 5)] async fn b7(&self, ctx: ViewContext) {}
            }
        });
        assert!(rows.is_none());
        assert!(errors.contains("row 1 is full"), "{errors}");
        assert!(errors.contains("`row` must be between 0 and 4"), "{errors}");
    }

    #[test]
    fn more_than_five_rows_is_an_error() {
        let (rows, errors) = layout(syn::parse_quote! {
            impl V {
                #[select(options = [option(label = "a", value = "a")])] async fn s1(&self, ctx: ViewContext) {}
                #[select(options = [option(label = "a", value = "a")])] async fn s2(&self, ctx: ViewContext) {}
                #[select(options = [option(label = "a", value = "a")])] async fn s3(&self, ctx: ViewContext) {}
                #[select(options = [option(label = "a", value = "a")])] async fn s4(&self, ctx: ViewContext) {}
                #[select(options = [option(label = "a", value = "a")])] async fn s5(&self, ctx: ViewContext) {}
                #[button(label = "x")] async fn b(&self, ctx: ViewContext) {}
            }
        });
        assert!(rows.is_none());
        assert!(errors.contains("no room left for `b`"), "{errors}");
    }
}
