//! The run-time half of Discord's Components V2 rules: every layout reply
//! passes here before it is sent, so a text, URL or colour computed from a
//! view's state that breaks a rule is an error in the handler (and the
//! user gets the apology), never a payload Discord refuses.

use std::collections::HashSet;

use twilight_model::channel::message::{
    Component,
    component::{ActionRow, ComponentType, Container, MediaGallery, Section},
};
use views_ids::limits;

use super::{LayoutError, LayoutErrorKind};

/// Checks the components of a layout message against Discord's rules: at
/// most 40 components (nested ones included), at most 4,000 characters of
/// text display content, sections of 1 to 3 texts and one button or
/// thumbnail, what a container may hold, media URLs, galleries of 1 to 10
/// items, unique numeric ids and unique custom_ids.
///
/// # Errors
///
/// The first rule broken, with the component's path.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#run-time-errors).
pub fn check(components: &[Component]) -> Result<(), LayoutError> {
    let mut walk = Walk::default();
    for (index, component) in components.iter().enumerate() {
        let path = format!("components.{index}");
        match component {
            Component::Button(_)
            | Component::SelectMenu(_)
            | Component::Thumbnail(_)
            | Component::TextInput(_)
            | Component::Label(_)
            | Component::FileUpload(_)
            | Component::Checkbox(_)
            | Component::CheckboxGroup(_)
            | Component::Unknown(_) => {
                return Err(LayoutError::new(LayoutErrorKind::TopLevel {
                    path,
                    kind: component.kind(),
                }));
            }
            _ => walk.component(component, &path)?,
        }
    }
    if walk.count > limits::LAYOUT_COMPONENTS_MAX {
        return Err(LayoutError::new(LayoutErrorKind::TooManyComponents {
            count: walk.count,
        }));
    }
    if walk.text > limits::LAYOUT_TEXT_MAX {
        return Err(LayoutError::new(LayoutErrorKind::TextTooLong {
            len: walk.text,
        }));
    }
    Ok(())
}

/// What the walk has counted so far; the custom_ids seen are borrowed from
/// the components walked.
#[derive(Default)]
struct Walk<'a> {
    count: usize,
    text: usize,
    ids: HashSet<i32>,
    custom_ids: HashSet<&'a str>,
}

impl<'a> Walk<'a> {
    /// One component and what it holds.
    fn component(&mut self, component: &'a Component, path: &str) -> Result<(), LayoutError> {
        self.count += 1;
        self.id(component_id(component), path)?;
        self.custom_id(component, path)?;
        match component {
            Component::ActionRow(row) => self.row(row, path),
            Component::Container(container) => self.container(container, path),
            Component::Section(section) => self.section(section, path),
            Component::MediaGallery(gallery) => self.gallery(gallery, path),
            Component::TextDisplay(text) => {
                let len = text.content.chars().count();
                if len == 0 {
                    return Err(LayoutError::new(LayoutErrorKind::EmptyText {
                        path: path.to_owned(),
                    }));
                }
                self.text += len;
                Ok(())
            }
            Component::Thumbnail(thumbnail) => {
                media_url(&thumbnail.media.url, false, &format!("{path}.media"))?;
                let description = thumbnail.description.as_ref().and_then(Option::as_deref);
                self::description(description, path)
            }
            Component::File(file) => media_url(&file.file.url, true, &format!("{path}.file")),
            _ => Ok(()),
        }
    }

    fn id(&mut self, id: Option<i32>, path: &str) -> Result<(), LayoutError> {
        match id {
            Some(id) if id < 0 || !self.ids.insert(id) => {
                Err(LayoutError::new(LayoutErrorKind::ComponentId {
                    path: path.to_owned(),
                    id,
                }))
            }
            _ => Ok(()),
        }
    }

    /// A hand-built layout can place one item twice, or a raw component
    /// beside an item with its custom_id; the macro's own layouts cannot.
    fn custom_id(&mut self, component: &'a Component, path: &str) -> Result<(), LayoutError> {
        let custom_id = match component {
            Component::Button(button) => button.custom_id.as_deref(),
            Component::SelectMenu(select) => Some(select.custom_id.as_str()),
            _ => None,
        };
        match custom_id {
            Some(custom_id) if !self.custom_ids.insert(custom_id) => {
                Err(LayoutError::new(LayoutErrorKind::DuplicateCustomId {
                    path: path.to_owned(),
                    custom_id: custom_id.to_owned(),
                }))
            }
            _ => Ok(()),
        }
    }

    fn row(&mut self, row: &'a ActionRow, path: &str) -> Result<(), LayoutError> {
        let selects = row
            .components
            .iter()
            .filter(|c| matches!(c, Component::SelectMenu(_)))
            .count();
        let fits = match selects {
            0 => (1..=limits::ACTION_ROW_WIDTH).contains(&row.components.len()),
            1 => row.components.len() == 1,
            _ => false,
        };
        let only_items = row
            .components
            .iter()
            .all(|c| matches!(c, Component::Button(_) | Component::SelectMenu(_)));
        if !fits || !only_items {
            return Err(LayoutError::new(LayoutErrorKind::ActionRow {
                path: path.to_owned(),
            }));
        }
        for (index, child) in row.components.iter().enumerate() {
            self.component(child, &format!("{path}.components.{index}"))?;
        }
        Ok(())
    }

    fn container(&mut self, container: &'a Container, path: &str) -> Result<(), LayoutError> {
        if let Some(Some(color)) = container.accent_color
            && color > limits::ACCENT_COLOR_MAX
        {
            return Err(LayoutError::new(LayoutErrorKind::AccentColor {
                path: format!("{path}.accent_color"),
                color,
            }));
        }
        if container.components.is_empty() {
            return Err(LayoutError::new(LayoutErrorKind::EmptyContainer {
                path: path.to_owned(),
            }));
        }
        for (index, child) in container.components.iter().enumerate() {
            let here = format!("{path}.components.{index}");
            match child {
                Component::ActionRow(_)
                | Component::TextDisplay(_)
                | Component::Section(_)
                | Component::MediaGallery(_)
                | Component::File(_)
                | Component::Separator(_) => self.component(child, &here)?,
                other => {
                    return Err(LayoutError::new(LayoutErrorKind::ContainerChild {
                        path: here,
                        kind: other.kind(),
                    }));
                }
            }
        }
        Ok(())
    }

    fn section(&mut self, section: &'a Section, path: &str) -> Result<(), LayoutError> {
        let count = section.components.len();
        if !(1..=limits::SECTION_TEXTS_MAX).contains(&count) {
            return Err(LayoutError::new(LayoutErrorKind::SectionTexts {
                path: path.to_owned(),
                count,
            }));
        }
        for (index, child) in section.components.iter().enumerate() {
            let here = format!("{path}.components.{index}");
            match child {
                Component::TextDisplay(_) => self.component(child, &here)?,
                Component::ActionRow(_) => {
                    return Err(LayoutError::new(LayoutErrorKind::RowInSection {
                        path: here,
                    }));
                }
                other => {
                    return Err(LayoutError::new(LayoutErrorKind::SectionChild {
                        path: here,
                        kind: other.kind(),
                    }));
                }
            }
        }
        let here = format!("{path}.accessory");
        match &*section.accessory {
            Component::Button(_) | Component::Thumbnail(_) => {
                self.component(&section.accessory, &here)
            }
            other => Err(LayoutError::new(LayoutErrorKind::SectionAccessory {
                path: here,
                kind: other.kind(),
            })),
        }
    }

    fn gallery(&mut self, gallery: &MediaGallery, path: &str) -> Result<(), LayoutError> {
        let count = gallery.items.len();
        if !(1..=limits::GALLERY_ITEMS_MAX).contains(&count) {
            return Err(LayoutError::new(LayoutErrorKind::GalleryItems {
                path: path.to_owned(),
                count,
            }));
        }
        for (index, item) in gallery.items.iter().enumerate() {
            let here = format!("{path}.items.{index}");
            media_url(&item.media.url, false, &format!("{here}.media"))?;
            description(item.description.as_deref(), &here)?;
        }
        Ok(())
    }
}

/// A media URL Discord loads: `http(s)://` or `attachment://` (a file
/// component only the latter: it shows an uploaded attachment).
fn media_url(url: &str, attachment_only: bool, path: &str) -> Result<(), LayoutError> {
    let scheme_ok = if attachment_only {
        url.strip_prefix("attachment://")
            .is_some_and(|name| !name.is_empty())
    } else {
        limits::is_media_url(url)
    };
    if scheme_ok && url.chars().count() <= limits::MEDIA_URL_MAX {
        Ok(())
    } else {
        Err(LayoutError::new(LayoutErrorKind::MediaUrl {
            path: path.to_owned(),
            url: url.to_owned(),
        }))
    }
}

fn description(description: Option<&str>, path: &str) -> Result<(), LayoutError> {
    let len = description.map_or(0, |text| text.chars().count());
    if len > limits::MEDIA_DESCRIPTION_MAX {
        return Err(LayoutError::new(LayoutErrorKind::DescriptionTooLong {
            path: format!("{path}.description"),
            len,
        }));
    }
    Ok(())
}

/// A component's numeric `id`, whatever its kind.
pub(crate) fn component_id(component: &Component) -> Option<i32> {
    match component {
        Component::ActionRow(c) => c.id,
        Component::Button(c) => c.id,
        Component::Container(c) => c.id,
        Component::File(c) => c.id,
        Component::MediaGallery(c) => c.id,
        Component::Section(c) => c.id,
        Component::SelectMenu(c) => c.id,
        Component::Separator(c) => c.id,
        Component::TextDisplay(c) => c.id,
        Component::TextInput(c) => c.id,
        Component::Thumbnail(c) => c.id,
        Component::Label(c) => c.id,
        Component::FileUpload(c) => c.id,
        Component::Checkbox(c) => c.id,
        Component::CheckboxGroup(c) => c.id,
        Component::Unknown(_) => None,
    }
}

/// Whether `components` can only be a layout: something other than an
/// action row stands at the top.
pub(crate) fn needs_layout(components: &[Component]) -> bool {
    components
        .iter()
        .any(|component| component.kind() != ComponentType::ActionRow)
}

#[cfg(test)]
mod tests;
