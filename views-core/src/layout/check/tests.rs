use twilight_model::channel::message::component::{ButtonStyle, ComponentType};

use super::*;
use crate::layout::build::{
    container, file, gallery, gallery_item, row, section, separator, text, thumbnail,
};
use crate::render::button;

fn text_of(len: usize) -> Component {
    text("x".repeat(len), None)
}

fn click(id: &str) -> Component {
    button(
        id.to_owned(),
        Some("Go".to_owned()),
        None,
        ButtonStyle::Primary,
        false,
    )
}

fn thumb(url: &str) -> Component {
    thumbnail(url.to_owned(), None, false, None)
}

fn kind_of(components: &[Component]) -> LayoutErrorKind {
    match check(components) {
        Ok(()) => panic!("accepted: {components:?}"),
        Err(error) => error.kind,
    }
}

#[test]
fn accepts_a_settings_panel() {
    let panel = vec![
        container(
            vec![
                text("# Settings".to_owned(), Some(1)),
                separator(true, None, None),
                section(vec![text_of(10)], click("count"), None),
                section(vec![text_of(10)], thumb("https://x.y/a.png"), None),
                gallery(
                    vec![gallery_item("attachment://a.png".to_owned(), None, false)],
                    None,
                ),
                file("attachment://report.pdf".to_owned(), false, Some(2)),
                row(vec![click("a"), click("b")], None),
            ],
            Some(0x5865F2),
            false,
            None,
        ),
        row(vec![click("finish")], None),
    ];
    assert_eq!(check(&panel).map_err(|error| error.to_string()), Ok(()));
}

#[test]
fn counts_nested_components_and_text_across_the_message() {
    // 1 container + 13 sections x (1 + 1 text + 1 accessory) = 40: fits.
    let sections = |n| (0..n).map(|i| section(vec![text_of(1)], click(&i.to_string()), None));
    assert!(check(&[container(sections(13).collect(), None, false, None)]).is_ok());
    let too_many = [
        container(sections(13).collect(), None, false, None),
        text_of(1),
    ];
    assert_eq!(
        kind_of(&too_many),
        LayoutErrorKind::TooManyComponents { count: 41 }
    );
    assert!(check(&[text_of(3000), text_of(1000)]).is_ok());
    assert_eq!(
        kind_of(&[text_of(3000), text_of(1001)]),
        LayoutErrorKind::TextTooLong { len: 4001 }
    );
    assert_eq!(
        kind_of(&[text_of(0)]),
        LayoutErrorKind::EmptyText {
            path: "components.0".to_owned()
        }
    );
}

#[test]
fn sections_hold_one_to_three_texts_and_a_button_or_thumbnail() {
    let path = "components.0".to_owned();
    assert_eq!(
        kind_of(&[section(Vec::new(), click("a"), None)]),
        LayoutErrorKind::SectionTexts {
            path: path.clone(),
            count: 0
        }
    );
    let four = (0..4).map(|_| text_of(1)).collect();
    assert_eq!(
        kind_of(&[section(four, click("a"), None)]),
        LayoutErrorKind::SectionTexts {
            path: path.clone(),
            count: 4
        }
    );
    assert_eq!(
        kind_of(&[section(vec![row(vec![click("b")], None)], click("a"), None)]),
        LayoutErrorKind::RowInSection {
            path: "components.0.components.0".to_owned()
        }
    );
    assert_eq!(
        kind_of(&[section(vec![text_of(1)], text_of(1), None)]),
        LayoutErrorKind::SectionAccessory {
            path: "components.0.accessory".to_owned(),
            kind: ComponentType::TextDisplay
        }
    );
}

#[test]
fn containers_hold_what_discord_allows() {
    assert_eq!(
        kind_of(&[container(
            vec![container(vec![text_of(1)], None, false, None)],
            None,
            false,
            None
        )]),
        LayoutErrorKind::ContainerChild {
            path: "components.0.components.0".to_owned(),
            kind: ComponentType::Container
        }
    );
    assert_eq!(
        kind_of(&[container(vec![thumb("https://x.y")], None, false, None)]),
        LayoutErrorKind::ContainerChild {
            path: "components.0.components.0".to_owned(),
            kind: ComponentType::Thumbnail
        }
    );
    assert!(matches!(
        kind_of(&[container(Vec::new(), None, false, None)]),
        LayoutErrorKind::EmptyContainer { .. }
    ));
    assert!(matches!(
        kind_of(&[container(vec![text_of(1)], Some(0x0100_0000), false, None)]),
        LayoutErrorKind::AccentColor { .. }
    ));
    assert!(matches!(
        kind_of(&[click("a")]),
        LayoutErrorKind::TopLevel {
            kind: ComponentType::Button,
            ..
        }
    ));
}

#[test]
fn media_needs_a_url_and_galleries_one_to_ten_items() {
    for url in ["", "javascript:alert(1)", "https://"] {
        assert!(
            matches!(
                kind_of(&[section(vec![text_of(1)], thumb(url), None)]),
                LayoutErrorKind::MediaUrl { .. }
            ),
            "{url:?}"
        );
    }
    assert!(matches!(
        kind_of(&[file("https://x.y/a.pdf".to_owned(), false, None)]),
        LayoutErrorKind::MediaUrl { .. }
    ));
    let item = || gallery_item("https://x.y/a.png".to_owned(), None, false);
    assert!(matches!(
        kind_of(&[gallery(Vec::new(), None)]),
        LayoutErrorKind::GalleryItems { count: 0, .. }
    ));
    assert!(check(&[gallery((0..10).map(|_| item()).collect(), None)]).is_ok());
    assert!(matches!(
        kind_of(&[gallery((0..11).map(|_| item()).collect(), None)]),
        LayoutErrorKind::GalleryItems { count: 11, .. }
    ));
    let described = gallery_item("https://x.y".to_owned(), Some("d".repeat(1025)), false);
    assert!(matches!(
        kind_of(&[gallery(vec![described], None)]),
        LayoutErrorKind::DescriptionTooLong { len: 1025, .. }
    ));
}

#[test]
fn numeric_ids_are_unique_and_not_negative() {
    assert_eq!(
        kind_of(&[text("a".to_owned(), Some(7)), text("b".to_owned(), Some(7))]),
        LayoutErrorKind::ComponentId {
            path: "components.1".to_owned(),
            id: 7
        }
    );
    assert!(matches!(
        kind_of(&[text("a".to_owned(), Some(-1))]),
        LayoutErrorKind::ComponentId { id: -1, .. }
    ));
}

#[test]
fn rows_hold_five_buttons_or_one_select() {
    let six = (0..6).map(|i| click(&i.to_string())).collect();
    assert!(matches!(
        kind_of(&[row(six, None)]),
        LayoutErrorKind::ActionRow { .. }
    ));
    assert!(matches!(
        kind_of(&[row(Vec::new(), None)]),
        LayoutErrorKind::ActionRow { .. }
    ));
}

#[test]
fn custom_ids_are_unique_across_rows_and_accessories() {
    // One item placed both as an accessory and in a row of a container.
    let twice = [container(
        vec![
            section(vec![text_of(5)], click("settings:count"), None),
            row(
                vec![click("settings:finish"), click("settings:count")],
                None,
            ),
        ],
        None,
        false,
        None,
    )];
    assert_eq!(
        kind_of(&twice),
        LayoutErrorKind::DuplicateCustomId {
            path: "components.0.components.1.components.1".to_owned(),
            custom_id: "settings:count".to_owned(),
        }
    );
    let error = check(&twice).expect_err("refused").to_string();
    assert!(
        error.contains("custom_id \"settings:count\" is used twice"),
        "{error}"
    );
    // Link buttons have no custom_id: two of them are fine.
    let links = [row(
        vec![
            crate::render::link_button("https://a.b".to_owned(), Some("A".to_owned()), None, false),
            crate::render::link_button("https://a.b".to_owned(), Some("B".to_owned()), None, false),
        ],
        None,
    )];
    assert_eq!(check(&links).map_err(|error| error.to_string()), Ok(()));
}
