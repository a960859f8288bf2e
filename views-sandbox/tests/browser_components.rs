//! The web page's components in headless Chromium, against a small twilight
//! bot: buttons in every style (disabled, emoji, link), a string select and
//! a user select used through their menus, a modal with a text input,
//! selects, a checkbox and a checkbox group shown as a dialog and
//! submitted, and a modal's file upload whose images come back in a
//! gallery. Each action must reach the bot as INTERACTION_CREATE and its
//! answer must show up in the page. Saves `target/screenshots/sandbox-components.png`
//! (and `docs/images/` with `TWILIGHT_VIEWS_UPDATE_SCREENSHOTS=1`).
//! Skipped (with a clear message) without Chromium, except under `CI=true`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{http, sandbox, shard};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use twilight_gateway::{Event, EventTypeFlags, StreamExt};
use twilight_http::Client;
use twilight_model::application::interaction::modal::{
    ModalInteractionComponent as Submitted, ModalInteractionData,
};
use twilight_model::application::interaction::{
    Interaction, InteractionData, InteractionDataResolved,
};
use twilight_model::http::interaction::InteractionResponse;
use views_sandbox::{Sandbox, SandboxConfig};
use views_testkit::webdriver::fantoccini::{self, Locator, key::Key};
use views_testkit::webdriver::{self, Browser, eval, save_screenshot};

const WAIT: Duration = Duration::from_secs(20);

fn components(channel: &str) -> Value {
    json!([
        {"type": 1, "components": [
            {"type": 2, "style": 1, "label": "Primary", "custom_id": "b1", "emoji": {"name": "👍"}},
            {"type": 2, "style": 2, "label": "Secondary", "custom_id": "b2"},
            {"type": 2, "style": 3, "label": "Success", "custom_id": "b3"},
            {"type": 2, "style": 4, "label": "Danger", "custom_id": "b4"},
            {"type": 2, "style": 2, "label": "Off", "custom_id": "b5", "disabled": true},
        ]},
        {"type": 1, "components": [
            {"type": 2, "style": 5, "label": "Docs", "url": "https://discord.com/developers/docs"},
            {"type": 2, "style": 1, "label": "Feedback", "custom_id": "open"},
        ]},
        {"type": 1, "components": [{"type": 3, "custom_id": "pick", "placeholder": "Pick a colour",
            "options": [
                {"label": "Red", "value": "red", "description": "warm"},
                {"label": "Blue", "value": "blue", "description": "cool", "emoji": {"name": "🔵"}},
            ]}]},
        {"type": 1, "components": [{"type": 5, "custom_id": "users", "placeholder": "Pick people",
            "min_values": 1, "max_values": 2}]},
        {"type": 1, "components": [{"type": 8, "custom_id": "chan",
            "default_values": [{"id": channel, "type": "channel"}]}]},
    ])
}

async fn respond(http: &Client, interaction: &Interaction, response: Value) {
    let response: InteractionResponse = serde_json::from_value(response).unwrap();
    http.interaction(interaction.application_id)
        .create_response(interaction.id, &interaction.token, &response)
        .await
        .expect("callback accepted");
}

/// The submitted fields as `custom_id=value` (users by name), in order.
fn summary(data: &ModalInteractionData) -> String {
    fn walk(c: &Submitted, resolved: Option<&InteractionDataResolved>, out: &mut Vec<String>) {
        match c {
            Submitted::ActionRow(row) => row.components.iter().for_each(|c| walk(c, resolved, out)),
            Submitted::Label(label) => walk(&label.component, resolved, out),
            Submitted::TextInput(t) => out.push(format!("{}={}", t.custom_id, t.value)),
            Submitted::StringSelect(s) => {
                out.push(format!("{}={}", s.custom_id, s.values.join("+")))
            }
            Submitted::Checkbox(b) => out.push(format!("{}={}", b.custom_id, b.value)),
            Submitted::CheckboxGroup(g) => {
                out.push(format!("{}={}", g.custom_id, g.values.join("+")))
            }
            Submitted::UserSelect(s) => {
                let names: Vec<String> = s
                    .values
                    .iter()
                    .map(|id| {
                        resolved
                            .and_then(|r| r.users.get(id))
                            .map_or_else(|| id.to_string(), |u| u.name.clone())
                    })
                    .collect();
                out.push(format!("{}={}", s.custom_id, names.join("+")));
            }
            other => out.push(format!("{:?}", other.kind())),
        }
    }
    let mut out = Vec::new();
    for c in &data.components {
        walk(c, data.resolved.as_ref(), &mut out);
    }
    out.join("; ")
}

/// What the bot does with one interaction.
async fn answer(http: &Client, interaction: Interaction) {
    match interaction.data.clone() {
        Some(InteractionData::MessageComponent(data)) => match data.custom_id.as_str() {
            "open" => {
                // A legacy row around a text input, and labelled select,
                // user select, checkbox and checkbox group.
                let modal = json!({"type": 9, "data": {"custom_id": "feedback", "title": "Feedback",
                "components": [
                    {"type": 1, "components": [{"type": 4, "custom_id": "why",
                        "label": "Why?", "style": 2, "placeholder": "Tell us", "required": true}]},
                    {"type": 18, "label": "Mood", "component": {"type": 3, "custom_id": "mood",
                        "options": [{"label": "Good", "value": "good"}, {"label": "Bad", "value": "bad"}]}},
                    {"type": 18, "label": "Who helped", "component":
                        {"type": 5, "custom_id": "who", "required": false}},
                    {"type": 18, "label": "Again?", "component": {"type": 23, "custom_id": "again"}},
                    {"type": 18, "label": "Days", "description": "two at most", "component":
                        {"type": 22, "custom_id": "days", "max_values": 2, "options": [
                            {"label": "Monday", "value": "mon"}, {"label": "Tuesday", "value": "tue"},
                            {"label": "Wednesday", "value": "wed"}]}},
                ]}});
                respond(http, &interaction, modal).await;
            }
            "pick" => {
                let content = format!("picked: {}", data.values.join(", "));
                respond(
                    http,
                    &interaction,
                    json!({"type": 7, "data": {"content": content}}),
                )
                .await;
            }
            "users" => {
                let resolved = data.resolved.expect("user selects carry resolved users");
                let mut names: Vec<String> =
                    resolved.users.values().map(|u| u.name.clone()).collect();
                names.sort();
                let content = format!("users: {}", names.join(", "));
                respond(
                    http,
                    &interaction,
                    json!({"type": 4, "data": {"content": content, "flags": 64}}),
                )
                .await;
            }
            other => {
                let content = format!("clicked {other}");
                respond(
                    http,
                    &interaction,
                    json!({"type": 4, "data": {"content": content, "flags": 64}}),
                )
                .await;
            }
        },
        Some(InteractionData::ModalSubmit(data)) => {
            let content = format!("thanks: {}", summary(&data));
            respond(
                http,
                &interaction,
                json!({"type": 4, "data": {"content": content, "flags": 64}}),
            )
            .await;
        }
        other => panic!("unexpected interaction data {other:?}"),
    }
}

/// Waits until `script` returns `expected`.
async fn until(browser: &fantoccini::Client, what: &str, script: &str, expected: Value) {
    let mut last = Value::Null;
    let found = tokio::time::timeout(WAIT, async {
        loop {
            last = eval(browser, script).await;
            if last == expected {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(
        found.is_ok(),
        "{what}: expected {expected}, last saw {last}"
    );
}

async fn click_xpath(browser: &fantoccini::Client, xpath: &str) {
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath}: {e}"))
        .click()
        .await
        .expect("click");
}

const EPHEMERAL: &str = "return [...document.querySelectorAll('.msg.ephemeral')]
    .filter(m => m.textContent.includes('Only you can see this'))
    .map(m => m.querySelector('.content').textContent.trim())";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn components_selects_and_modals_in_the_browser() {
    let Some((chromium, chromedriver)) =
        webdriver::browser_or_skip("components_selects_and_modals_in_the_browser")
    else {
        return;
    };
    let sandbox = sandbox().await;
    let http = Arc::new(http(&sandbox));
    let mut shard = shard(&sandbox, 0, 1);
    let channel = sandbox.fixtures().channel_id.to_string();
    let bot = {
        let http = Arc::clone(&http);
        tokio::spawn(async move {
            let events = EventTypeFlags::MESSAGE_CREATE | EventTypeFlags::INTERACTION_CREATE;
            while let Some(event) = shard.next_event(events).await {
                match event {
                    Ok(Event::MessageCreate(m)) if m.content == "!components" => {
                        let components =
                            serde_json::from_value::<Vec<_>>(components(&channel)).unwrap();
                        http.create_message(m.channel_id)
                            .content("Components")
                            .components(&components)
                            .await
                            .expect("message accepted");
                    }
                    Ok(Event::InteractionCreate(i)) => answer(&http, (*i).0).await,
                    _ => {}
                }
            }
        })
    };
    sandbox.wait_connected(1, WAIT).await.unwrap();

    let chrome = Browser::start(&chromium, &chromedriver)
        .await
        .expect("browser");
    let browser = chrome.client();
    browser.goto(&sandbox.web_url()).await.expect("page");
    until(
        browser,
        "live",
        "return document.getElementById('live').textContent",
        json!("live"),
    )
    .await;
    let composer = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("composer"))
        .await
        .expect("composer");
    composer
        .send_keys(&format!("!components{}", char::from(Key::Enter)))
        .await
        .unwrap();

    // Buttons: label (with emoji), style class, disabled; the link button.
    until(
        browser,
        "buttons",
        "return [...document.querySelectorAll('.msg button.btn')]
            .map(b => [b.textContent.trim(), b.className, b.disabled])",
        json!([
            ["👍Primary", "btn primary", false],
            ["Secondary", "btn secondary", false],
            ["Success", "btn success", false],
            ["Danger", "btn danger", false],
            ["Off", "btn secondary", true],
            ["Feedback", "btn primary", false],
        ]),
    )
    .await;
    let link = eval(
        browser,
        "const a = document.querySelector('.msg a.btn.link'); return [a.textContent.trim(), a.getAttribute('href')]",
    )
    .await;
    assert_eq!(link, json!(["Docs", "https://discord.com/developers/docs"]));
    let placeholders = eval(
        browser,
        "return [...document.querySelectorAll('.select .placeholder')].map(p => p.textContent)",
    )
    .await;
    assert_eq!(placeholders, json!(["Pick a colour", "Pick people"]));
    // A default value is shown instead of a placeholder.
    let chosen = eval(
        browser,
        "return document.querySelector('.select[data-cid=chan] .value').textContent",
    )
    .await;
    assert_eq!(chosen, json!("#general"));

    // A string select: open its menu, read the options, choose one; the
    // bot updates the message (type 7), which the page shows edited.
    click_xpath(
        browser,
        "//div[@data-cid='pick']/div[@data-action='toggle']",
    )
    .await;
    until(
        browser,
        "string select options",
        "return [...document.querySelectorAll('.select.open .option')].map(o => [
            o.querySelector('.label').textContent,
            o.querySelector('.desc')?.textContent ?? '',
            o.querySelector('.emoji')?.textContent ?? ''])",
        json!([["Red", "warm", ""], ["Blue", "cool", "🔵"]]),
    )
    .await;
    let png = browser.screenshot().await.expect("screenshot");
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    save_screenshot(&png, &workspace, "sandbox-components.png");
    click_xpath(browser, "//div[@data-value='blue']").await;
    until(
        browser,
        "the updated message",
        "return [...document.querySelectorAll('.msg .content')].map(e => e.textContent.trim())",
        json!(["!components", "picked: blue(edited)"]),
    )
    .await;

    // A user select with up to two values: tick two, close the menu (as
    // Discord does, submitting on close), get an ephemeral answer.
    click_xpath(
        browser,
        "//div[@data-cid='users']/div[@data-action='toggle']",
    )
    .await;
    let alice = sandbox.fixtures().users[0].id;
    let bob = sandbox.fixtures().users[1].id;
    click_xpath(browser, &format!("//div[@data-value='{alice}']")).await;
    click_xpath(browser, &format!("//div[@data-value='{bob}']")).await;
    click_xpath(browser, "//div[@id='chat-header']").await;
    until(
        browser,
        "users answer",
        EPHEMERAL,
        json!(["users: alice, bob"]),
    )
    .await;

    // A modal: the bot opens it, the page shows a dialog, the user fills it
    // in and submits; the bot gets the text.
    click_xpath(browser, "//button[normalize-space(.)='Feedback']").await;
    until(
        browser,
        "the modal dialog",
        "const b = document.getElementById('backdrop');
         return b.classList.contains('open')
            ? [b.querySelector('.modal-title').textContent, b.querySelector('label').textContent.trim()] : null",
        json!(["Feedback", "Why?*"]),
    )
    .await;
    let fields = eval(
        browser,
        "return [...document.querySelectorAll('#modal .field')].map(f => [f.dataset.type,
            f.querySelector('label').textContent.trim().split('\\n')[0].trim(),
            [...f.querySelectorAll('option, input[type=checkbox]')].map(o => o.value)])",
    )
    .await;
    let bob = sandbox.fixtures().users[1].id.to_string();
    let app = sandbox.application_id().to_string();
    let everyone_but: Vec<String> = sandbox
        .fixtures()
        .users
        .iter()
        .map(|u| u.id.to_string())
        .chain([app])
        .collect();
    assert_eq!(fields[0], json!(["4", "Why?*", []]));
    assert_eq!(fields[1], json!(["3", "Mood*", ["", "good", "bad"]]));
    assert_eq!(
        (&fields[2][0], &fields[2][1]),
        (&json!("5"), &json!("Who helped"))
    );
    let mut offered: Vec<String> = serde_json::from_value(fields[2][2].clone()).unwrap();
    offered.retain(|v| !v.is_empty());
    offered.sort();
    let mut expected = everyone_but;
    expected.sort();
    assert_eq!(
        offered, expected,
        "the user select offers the sandbox's users"
    );
    assert_eq!(fields[3], json!(["23", "Again?", ["on"]]));
    assert_eq!(fields[4], json!(["22", "Days*", ["mon", "tue", "wed"]]));

    let textarea = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//textarea[@name='why']"))
        .await
        .expect("textarea");
    textarea.send_keys("because it works").await.unwrap();
    click_xpath(browser, "//select[@name='mood']/option[@value='good']").await;
    click_xpath(
        browser,
        &format!("//select[@name='who']/option[@value='{bob}']"),
    )
    .await;
    click_xpath(browser, "//input[@name='again']").await;
    for day in ["mon", "tue", "wed"] {
        click_xpath(
            browser,
            &format!("//input[@name='days' and @value='{day}']"),
        )
        .await;
    }
    // Three days are one too many: the sandbox refuses, the dialog stays
    // open with the reason.
    click_xpath(
        browser,
        "//form[@id='modal']//button[normalize-space(.)='Submit']",
    )
    .await;
    until(
        browser,
        "the refusal in the dialog",
        "const b = document.getElementById('backdrop');
         return [b.classList.contains('open'), b.querySelector('.modal-error').textContent.includes('3 boxes ticked')]",
        json!([true, true]),
    )
    .await;
    click_xpath(browser, "//input[@name='days' and @value='tue']").await;
    click_xpath(
        browser,
        "//form[@id='modal']//button[normalize-space(.)='Submit']",
    )
    .await;
    until(
        browser,
        "modal answer",
        EPHEMERAL,
        json!([
            "users: alice, bob",
            "thanks: why=because it works; mood=good; who=bob; again=true; days=mon+wed"
        ]),
    )
    .await;
    until(
        browser,
        "the dialog closed",
        "return document.getElementById('backdrop').classList.contains('open')",
        json!(false),
    )
    .await;

    // The disabled button cannot be used; the driver refuses it as well.
    let message = sandbox
        .messages(sandbox.fixtures().channel_id)
        .into_iter()
        .find(|m| m.message.content.starts_with("picked"))
        .unwrap();
    assert!(sandbox.click(message.message.id, "b5", alice).is_err());

    chrome.quit().await;
    bot.abort();
    sandbox.shutdown().await;
}

/// A link button whose url is a script (REST refuses one, but an old or
/// hand-edited state file can hold it) is drawn without an href, so
/// clicking it runs nothing in the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_link_button_gets_no_href() {
    let Some((chromium, chromedriver)) =
        webdriver::browser_or_skip("a_script_link_button_gets_no_href")
    else {
        return;
    };
    let state_file = std::env::temp_dir().join(format!(
        "views-sandbox-script-link-{}.json",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&state_file);
    let config = SandboxConfig::default().state_file(&state_file);
    let sandbox = Sandbox::start(config.clone()).await.unwrap();
    let links = json!([{"type": 1, "components": [
        {"type": 2, "style": 5, "label": "Script", "url": "https://example.com/becomes-a-script"},
        {"type": 2, "style": 5, "label": "Docs", "url": "https://discord.com/developers/docs"},
    ]}]);
    http(&sandbox)
        .create_message(sandbox.fixtures().channel_id)
        .content("links")
        .components(&serde_json::from_value::<Vec<_>>(links).unwrap())
        .await
        .expect("message accepted");
    sandbox.shutdown().await;
    let stored = std::fs::read_to_string(&state_file).unwrap();
    let edited = stored.replace(
        "https://example.com/becomes-a-script",
        "javascript:document.title='script ran'",
    );
    assert_ne!(stored, edited);
    std::fs::write(&state_file, edited).unwrap();

    let sandbox = Sandbox::start(config).await.unwrap();
    let chrome = Browser::start(&chromium, &chromedriver)
        .await
        .expect("browser");
    let browser = chrome.client();
    browser.goto(&sandbox.web_url()).await.expect("page");
    until(
        browser,
        "the link buttons",
        "return [...document.querySelectorAll('.msg a.btn.link')]
            .map(a => [a.textContent.trim(), a.getAttribute('href')])",
        json!([
            ["Script", null],
            ["Docs", "https://discord.com/developers/docs"]
        ]),
    )
    .await;
    click_xpath(browser, "//a[normalize-space(.)='Script']").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_ne!(
        eval(browser, "return document.title").await,
        json!("script ran")
    );

    chrome.quit().await;
    sandbox.shutdown().await;
    let _ = std::fs::remove_file(&state_file);
}

/// A Components V2 message with every layout component.
fn layout() -> Value {
    let text = |content: &str| json!({"type": 10, "content": content});
    json!([
        {"type": 17, "accent_color": 0x5865F2, "components": [
            text("# Settings\n-# Every layout component"),
            {"type": 14, "spacing": 2},
            {"type": 9, "components": [text("Count: 3")],
                "accessory": {"type": 2, "style": 2, "label": "3", "custom_id": "count"}},
            {"type": 9, "components": [text("A dog")],
                "accessory": {"type": 11, "media": {"url": "https://example.invalid/dog.png"},
                    "description": "a dog", "spoiler": true}},
            {"type": 12, "items": [
                {"media": {"url": "https://example.invalid/a.png"}, "description": "a"},
                {"media": {"url": "attachment://b.png"}},
            ]},
            {"type": 13, "file": {"url": "attachment://report.pdf"}},
            {"type": 14, "divider": false},
        ]},
        {"type": 1, "components": [{"type": 2, "style": 3, "label": "Finish", "custom_id": "finish"}]},
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_layout_message_in_the_browser() {
    let Some((chromium, chromedriver)) =
        webdriver::browser_or_skip("a_layout_message_in_the_browser")
    else {
        return;
    };
    let sandbox = sandbox().await;
    let components: Vec<twilight_model::channel::message::Component> =
        serde_json::from_value(layout()).unwrap();
    http(&sandbox)
        .create_message(sandbox.fixtures().channel_id)
        .flags(twilight_model::channel::message::MessageFlags::IS_COMPONENTS_V2)
        .components(&components)
        .await
        .expect("layout accepted");

    let chrome = Browser::start(&chromium, &chromedriver)
        .await
        .expect("browser");
    let browser = chrome.client();
    browser.goto(&sandbox.web_url()).await.expect("page");
    // The container's accent bar, its headings and subtext.
    until(
        browser,
        "the container",
        "const c = document.querySelector('.msg .container');
         return c && [getComputedStyle(c).borderLeftColor,
            c.querySelector('.md-h1').textContent, c.querySelector('.md-sub').textContent]",
        json!(["rgb(88, 101, 242)", "Settings", "Every layout component"]),
    )
    .await;
    // Sections with their accessory beside the text: a button, a thumbnail
    // (a spoiler, blurred); the gallery's two tiles; the file; separators.
    let shape = eval(
        browser,
        "const c = document.querySelector('.msg .container');
         return [
           [...c.querySelectorAll('.section')].map(s => s.children[1].className),
           c.querySelector('.thumb img').getAttribute('src'),
           [...c.querySelectorAll('.gallery.n2 .media')].map(m => m.querySelector('img') ? 'img' : m.textContent),
           c.querySelector('.file').textContent.trim(),
           [...c.querySelectorAll('.separator')].map(s => s.className),
           [...document.querySelectorAll('.msg .row button')].map(b => b.textContent.trim()),
         ]",
    )
    .await;
    assert_eq!(
        shape,
        json!([
            ["btn secondary", "media thumb spoiler"],
            "https://example.invalid/dog.png",
            ["img", "b.png"],
            "📄 report.pdf",
            ["separator large", "separator blank"],
            ["Finish"],
        ])
    );
    // A click reveals the spoiler.
    click_xpath(browser, "//div[contains(@class,'thumb')]").await;
    until(
        browser,
        "the revealed thumbnail",
        "return document.querySelector('.msg .thumb').className",
        json!("media thumb"),
    )
    .await;
    let png = browser.screenshot().await.expect("screenshot");
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    save_screenshot(&png, &workspace, "sandbox-layout.png");

    chrome.quit().await;
    sandbox.shutdown().await;
}

/// A 1x1 PNG, so the gallery's image really loads.
const PIXEL_PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// What the upload bot does: `!upload` posts an "Upload" button, the
/// button opens a modal (a text and an upload of one or two files), the
/// submission is answered with the files' names and posted back as a
/// gallery of their URLs.
async fn upload_bot(http: &Client, event: Event) {
    match event {
        Event::MessageCreate(m) if m.content == "!upload" => {
            let row = json!([{"type": 1, "components": [
                {"type": 2, "style": 1, "label": "Upload", "custom_id": "upload"}]}]);
            http.create_message(m.channel_id)
                .content("Uploads")
                .components(&serde_json::from_value::<Vec<_>>(row).unwrap())
                .await
                .expect("message accepted");
        }
        Event::InteractionCreate(i) => match i.0.data.clone() {
            Some(InteractionData::MessageComponent(_)) => {
                let modal = json!({"type": 9, "data": {"custom_id": "uploads", "title": "Screenshots",
                "components": [
                    {"type": 10, "content": "Show us **what happened**."},
                    {"type": 18, "label": "Images", "description": "one or two",
                     "component": {"type": 19, "custom_id": "images", "max_values": 2}},
                ]}});
                respond(http, &i.0, modal).await;
            }
            Some(InteractionData::ModalSubmit(data)) => {
                let files: Vec<_> = data
                    .resolved
                    .as_ref()
                    .map(|r| r.attachments.values().cloned().collect())
                    .unwrap_or_default();
                let mut names: Vec<&str> = files.iter().map(|f| f.filename.as_str()).collect();
                names.sort_unstable();
                let items: Vec<Value> = files
                    .iter()
                    .map(|f| json!({"media": {"url": f.url}}))
                    .collect();
                let gallery: Vec<twilight_model::channel::message::Component> =
                    serde_json::from_value(json!([{"type": 12, "items": items}])).unwrap();
                http.create_message(i.0.channel.as_ref().unwrap().id)
                    .flags(twilight_model::channel::message::MessageFlags::IS_COMPONENTS_V2)
                    .components(&gallery)
                    .await
                    .expect("gallery accepted");
                let content = format!("uploaded: {}", names.join(", "));
                respond(
                    http,
                    &i.0,
                    json!({"type": 4, "data": {"content": content, "flags": 64}}),
                )
                .await;
            }
            other => panic!("unexpected interaction data {other:?}"),
        },
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_upload_in_the_browser() {
    let Some((chromium, chromedriver)) = webdriver::browser_or_skip("a_file_upload_in_the_browser")
    else {
        return;
    };
    let sandbox = sandbox().await;
    let http = Arc::new(http(&sandbox));
    let mut shard = shard(&sandbox, 0, 1);
    let bot = {
        let http = Arc::clone(&http);
        tokio::spawn(async move {
            let events = EventTypeFlags::MESSAGE_CREATE | EventTypeFlags::INTERACTION_CREATE;
            while let Some(event) = shard.next_event(events).await {
                if let Ok(event) = event {
                    upload_bot(&http, event).await;
                }
            }
        })
    };
    sandbox.wait_connected(1, WAIT).await.unwrap();
    // The files the user picks, on disk as a browser needs them.
    let dir = std::env::temp_dir().join(format!("sandbox-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<String> = ["a.png", "b.png", "c.png"]
        .iter()
        .map(|name| {
            let path = dir.join(name);
            std::fs::write(&path, PIXEL_PNG).unwrap();
            path.display().to_string()
        })
        .collect();

    let chrome = Browser::start(&chromium, &chromedriver)
        .await
        .expect("browser");
    let browser = chrome.client();
    browser.goto(&sandbox.web_url()).await.expect("page");
    until(
        browser,
        "live",
        "return document.getElementById('live').textContent",
        json!("live"),
    )
    .await;
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("composer"))
        .await
        .expect("composer")
        .send_keys(&format!("!upload{}", char::from(Key::Enter)))
        .await
        .unwrap();
    click_xpath(browser, "//button[normalize-space(.)='Upload']").await;
    // The dialog: the text, then the labelled file picker, required and
    // taking several files.
    until(
        browser,
        "the upload dialog",
        "const b = document.getElementById('backdrop');
         const input = b.querySelector('input[type=file]');
         return b.classList.contains('open') && input
            ? [b.querySelector('.modal-body .content').textContent.trim(),
               input.name, input.multiple, input.required]
            : null",
        json!(["Show us what happened.", "images", true, true]),
    )
    .await;
    let picker = browser
        .find(Locator::Css("#modal input[type=file]"))
        .await
        .expect("file input");
    // Three files are one too many: the dialog says so and stays open.
    picker.send_keys(&files.join("\n")).await.unwrap();
    click_xpath(
        browser,
        "//form[@id='modal']//button[normalize-space(.)='Submit']",
    )
    .await;
    until(
        browser,
        "the refusal in the dialog",
        "const b = document.getElementById('backdrop');
         return [b.classList.contains('open'), b.querySelector('.modal-error').textContent]",
        json!([true, "images: choose 1 to 2 files"]),
    )
    .await;
    picker.clear().await.unwrap();
    picker.send_keys(&files[..2].join("\n")).await.unwrap();
    click_xpath(
        browser,
        "//form[@id='modal']//button[normalize-space(.)='Submit']",
    )
    .await;
    until(
        browser,
        "the bot's answer",
        EPHEMERAL,
        json!(["uploaded: a.png, b.png"]),
    )
    .await;
    // The gallery the bot posted shows both images, loaded from the
    // sandbox's attachment URLs.
    until(
        browser,
        "the gallery",
        "return [...document.querySelectorAll('.gallery img')]
            .map(img => [img.complete && img.naturalWidth, new URL(img.src).pathname.split('/').pop()])
            .sort()",
        json!([[1, "a.png"], [1, "b.png"]]),
    )
    .await;

    chrome.quit().await;
    bot.abort();
    std::fs::remove_dir_all(&dir).ok();
    sandbox.shutdown().await;
}
