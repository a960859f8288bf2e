//! The custom_id templates of the registered views and modals, indexed by
//! literal prefix, and where each leads.

use std::{any::TypeId, collections::HashMap};

use super::{ItemOwner, RouterError, RouterErrorKind, erased::ViewKind};
use crate::template::{TemplateSpec, prefix};

/// Where a template leads.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TemplateRoute {
    pub(crate) type_id: TypeId,
    pub(crate) index: usize,
    pub(crate) matches: fn(&str) -> bool,
    pub(crate) owner: ItemOwner,
    pub(crate) template: &'static str,
}

/// The template routes of view type `kind` (its `View::templates`), for
/// its registration.
pub(crate) fn routes_of(kind: &ViewKind, templates: &[TemplateSpec]) -> Vec<TemplateRoute> {
    templates
        .iter()
        .filter_map(|spec| {
            let item = kind.item(spec.index)?;
            Some(TemplateRoute {
                type_id: kind.type_id,
                index: spec.index,
                matches: spec.matches,
                owner: ItemOwner {
                    view: kind.name,
                    view_defined_at: kind.defined_at,
                    item: item.name,
                    item_defined_at: item.defined_at,
                },
                template: spec.template,
            })
        })
        .collect()
}

/// The templates of the registered views, indexed by literal prefix: a
/// lookup costs one hash probe per distinct prefix length, whatever the
/// number of views. Registration refuses overlapping prefixes, so at most
/// one template can own an id.
#[derive(Debug, Default)]
pub(crate) struct TemplateIndex {
    by_prefix: HashMap<&'static str, TemplateRoute>,
    lengths: Vec<usize>,
}

impl TemplateIndex {
    /// Adds one template.
    ///
    /// # Errors
    ///
    /// Its prefix overlaps (is a prefix of, or starts with) the prefix of a
    /// template registered earlier.
    pub(crate) fn insert(&mut self, route: TemplateRoute) -> Result<(), RouterError> {
        let new = prefix(route.template);
        if let Some(first) = self
            .by_prefix
            .iter()
            .find(|(old, _)| old.starts_with(new) || new.starts_with(**old))
            .map(|(_, first)| *first)
        {
            return Err(RouterError::new(RouterErrorKind::CustomIdCollision {
                custom_id: route.template,
                first: first.owner,
                second: route.owner,
            }));
        }
        self.by_prefix.insert(new, route);
        if !self.lengths.contains(&new.len()) {
            self.lengths.push(new.len());
        }
        Ok(())
    }

    /// The template owning `custom_id`'s prefix, if any (the id may still
    /// fail to match it: check `matches`).
    pub(crate) fn find(&self, custom_id: &str) -> Option<&TemplateRoute> {
        self.lengths.iter().find_map(|&len| {
            custom_id
                .get(..len)
                .and_then(|prefix| self.by_prefix.get(prefix))
        })
    }

    /// Whether no template is registered.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_prefix.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn owner(item: &'static str) -> ItemOwner {
        let at = crate::SourceLocation {
            file: "f.rs",
            line: 1,
        };
        ItemOwner {
            view: "V",
            view_defined_at: at,
            item,
            item_defined_at: at,
        }
    }

    fn route(template: &'static str) -> TemplateRoute {
        TemplateRoute {
            type_id: TypeId::of::<()>(),
            index: 0,
            matches: |_| true,
            owner: owner(template),
            template,
        }
    }

    #[test]
    fn index_finds_by_prefix_and_refuses_overlaps() {
        let mut index = TemplateIndex::default();
        index.insert(route("role:{id}")).expect("first");
        index.insert(route("ticket:{n}:close")).expect("second");
        assert_eq!(index.find("role:5").map(|r| r.template), Some("role:{id}"));
        assert_eq!(
            index.find("ticket:9:close").map(|r| r.template),
            Some("ticket:{n}:close")
        );
        assert!(index.find("other:1").is_none());
        assert!(index.find("é").is_none(), "no panic inside a character");
        for overlapping in ["role:x:{id}", "rol{x}"] {
            let error = index.insert(route(overlapping)).expect_err(overlapping);
            assert!(matches!(
                error.kind(),
                RouterErrorKind::CustomIdCollision { .. }
            ));
        }
    }

    proptest! {
    /// The router's template lookup slices ids at prefix lengths: never
    /// inside a character, whatever the id.
    #[test]
    fn template_lookup_never_panics(custom_id in any::<String>()) {
        let mut index = TemplateIndex::default();
        for template in ["role:{id}", "é:{x}", "ticket-{n}-close"] {
            index
                .insert(TemplateRoute {
                    type_id: TypeId::of::<()>(),
                    index: 0,
                    matches: |_| true,
                    owner: ItemOwner {
                        view: "V",
                        view_defined_at: crate::SourceLocation { file: "f.rs", line: 1 },
                        item: template,
                        item_defined_at: crate::SourceLocation { file: "f.rs", line: 1 },
                    },
                    template,
                })
                .map_err(|error| TestCaseError::fail(error.to_string()))?;
        }
        if let Some(route) = index.find(&custom_id) {
            prop_assert!(custom_id.starts_with(prefix(route.template)));
        }
    }
    }
}
