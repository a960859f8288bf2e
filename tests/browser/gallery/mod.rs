//! The examples gallery (docs/examples.md): every example without a
//! scenario of its own is run once in the page, one module each. Its bot
//! starts on a fresh sandbox, its trigger is sent through the page (a text
//! command in the message box, a slash command through the `/` picker),
//! the clicks that show what it does are made, what the page then shows
//! is checked line by line, and the chat column is saved as
//! `docs/images/NAME.png` (with `TWILIGHT_VIEWS_UPDATE_SCREENSHOTS=1`).
//! One browser serves the whole gallery.

use std::path::Path;

use views_sandbox::Sandbox;
use views_testkit::webdriver::fantoccini::actions::{InputSource, MouseActions, PointerAction};
use views_testkit::webdriver::fantoccini::{Client, Locator, elements::Element, key::Key};
use views_testkit::webdriver::{self, Browser, eval, eventually, save_screenshot};

// Each example's scene starts from `sandbox()`.
use crate::common::{WAIT, click, click_css, load_page, paused_sandbox as sandbox};

/// Starts the bot `$bot` of the example module `$example` on `$sandbox`,
/// its views in memory, and waits for its gateway session.
macro_rules! start_bot {
    ($example:ident, $bot:ident, $sandbox:expr) => {{
        let settings = $example::support::Settings {
            database_url: "memory:".to_owned(),
            ..$example::support::Settings::sandbox($sandbox)
        };
        let bot = $example::support::spawn::<$example::$bot>(settings)
            .await
            .expect("bot starts");
        $sandbox
            .wait_connected(1, $crate::common::WAIT)
            .await
            .expect("bot connects");
        bot
    }};
}

mod confirm;
mod counter_plain;
mod dropdown;
mod dynamic_counter;
mod embed_like;
mod ephemeral;
mod greeting;
mod layout;
mod link;
mod modal_basic;
mod modal_label;
mod persistent;
mod stateless;
mod tic_tac_toe;
mod ticket;

/// The page's window before each example: the other tests' size.
const WINDOW: (u32, u32) = (1200, 860);

/// Every example in turn, in one browser.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_example_in_the_gallery() {
    let Some((chromium, chromedriver)) = webdriver::browser_or_skip("every_example_in_the_gallery")
    else {
        return;
    };
    let chrome = Browser::start(&chromium, &chromedriver)
        .await
        .expect("browser");
    let browser = chrome.client();
    stateless::show(browser).await;
    persistent::show(browser).await;
    greeting::show(browser).await;
    ticket::show(browser).await;
    confirm::show(browser).await;
    dropdown::show(browser).await;
    link::show(browser).await;
    modal_basic::show(browser).await;
    ephemeral::show(browser).await;
    counter_plain::show(browser).await;
    dynamic_counter::show(browser).await;
    tic_tac_toe::show(browser).await;
    modal_label::show(browser).await;
    layout::show(browser).await;
    embed_like::show(browser).await;
    chrome.quit().await;
}

/// The sandbox's page in the browser, at the usual window size; returns
/// the message box.
async fn open(browser: &Client, sandbox: &Sandbox) -> Element {
    browser
        .set_window_size(WINDOW.0, WINDOW.1)
        .await
        .expect("window size");
    load_page(browser, sandbox).await
}

/// Types `text` in the message box and sends it.
async fn send(composer: &Element, text: &str) {
    composer
        .send_keys(&format!("{text}{}", char::from(Key::Enter)))
        .await
        .expect("type");
}

/// Waits until the bot registered the command `name` (for every guild or
/// for the sandbox's), so the page's picker offers it.
async fn wait_registered(sandbox: &Sandbox, name: &str) {
    let guild = sandbox.fixtures().guild_id;
    eventually(&format!("/{name} registered"), WAIT, || async {
        [None, Some(guild)]
            .into_iter()
            .flat_map(|scope| sandbox.commands(scope))
            .any(|command| command.name == name)
            .then_some(())
    })
    .await;
}

/// Clicks the last enabled button of the messages whose face reads `label`.
async fn click_button(browser: &Client, label: &str) {
    let xpath = format!(
        "(//div[@id='messages']//button[normalize-space(.)='{label}'][not(@disabled)])[last()]"
    );
    click(
        browser,
        Locator::XPath(&xpath),
        &format!("the button {label:?}"),
    )
    .await;
}

/// Opens the messages' only select menu and picks the option `value`.
async fn choose(browser: &Client, value: &str) {
    click_css(browser, "#messages .select .select-box").await;
    click_css(
        browser,
        &format!("#messages .select .option[data-value='{value}']"),
    )
    .await;
}

/// Waits for the dialog `title`, then fills in its `fields` (custom_id and
/// value: typed in a text input, the option of that value in a select).
async fn fill_dialog(browser: &Client, title: &str, fields: &[(&str, &str)]) {
    eventually(&format!("the dialog {title:?}"), WAIT, || async {
        let shown = eval(
            browser,
            "const b = document.getElementById('backdrop');
             return b.classList.contains('open') ? b.querySelector('.modal-title').textContent : null",
        )
        .await;
        (shown == title).then_some(())
    })
    .await;
    for (name, value) in fields {
        let field = browser
            .find(Locator::Css(&format!("#modal [name='{name}']")))
            .await
            .unwrap_or_else(|error| panic!("the field {name}: {error}"));
        if field.tag_name().await.expect("tag") == "select" {
            click_css(
                browser,
                &format!("#modal select[name='{name}'] option[value='{value}']"),
            )
            .await;
        } else {
            field.clear().await.expect("clear");
            field.send_keys(value).await.expect("type");
        }
    }
}

/// Submits the open dialog.
async fn submit_dialog(browser: &Client) {
    click_css(browser, "#modal .modal-foot button.primary").await;
}

/// The messages as the page shows them, one line each: the author (with
/// "(only you)" on an ephemeral one), then in the page's order the text
/// (without "(edited)"), an embed's title, a container's texts, a
/// thumbnail's URL in parentheses, each button as `[face style]` (and
/// `disabled`), each select's box as `<shown>`.
const TRANSCRIPT: &str = "return [...document.querySelectorAll('#messages .msg')].map(m => {
    const parts = [];
    for (const e of m.querySelectorAll('.body > .content, .embed-title, .container .content, .thumb, .btn, .select-box')) {
      if (e.classList.contains('btn')) {
        const style = [...e.classList].filter(k => k !== 'btn' && k !== 'disabled').join(' ');
        const off = e.disabled || e.classList.contains('disabled') ? ' disabled' : '';
        parts.push(`[${e.textContent.trim()} ${style}${off}]`);
      } else if (e.classList.contains('select-box')) {
        parts.push(`<${e.querySelector('.value, .placeholder').textContent.trim()}>`);
      } else if (e.classList.contains('thumb')) {
        parts.push(`(${e.title})`);
      } else {
        const x = e.cloneNode(true);
        x.querySelectorAll('.edited').forEach(y => y.remove());
        parts.push(x.textContent.trim());
      }
    }
    const who = m.querySelector('.author').textContent.trim() + (m.classList.contains('ephemeral') ? ' (only you)' : '');
    return `${who}: ${parts.join(' ')}`;
  });";

async fn transcript(browser: &Client) -> Vec<String> {
    serde_json::from_value(eval(browser, TRANSCRIPT).await).expect("a list of strings")
}

/// Waits until the page shows exactly the messages `expected` (see
/// [`TRANSCRIPT`]); on a timeout the failure shows what it showed.
async fn wait_for_transcript(browser: &Client, expected: &[&str]) {
    wait_for_lines(
        browser,
        |lines| lines == expected,
        &format!("{expected:#?}"),
    )
    .await;
}

/// Waits until the page's messages satisfy `check`; `what` names them in
/// the failure, which also shows the last lines seen.
async fn wait_for_lines(browser: &Client, check: impl Fn(&[String]) -> bool, what: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let lines = transcript(browser).await;
        if check(&lines) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for the page to show\n{what}\nit shows\n{lines:#?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Bounds of the window's height for a screenshot.
const HEIGHTS: (i64, i64) = (280, 1000);

/// Saves the chat column as `name`, the window first made as tall as its
/// messages (or an open dialog) need, so the image holds the example and
/// little empty space.
async fn save_chat(browser: &Client, name: &str) {
    let wanted = eval(
        browser,
        "const m = document.getElementById('messages');
         const last = m.lastElementChild;
         const used = last ? last.getBoundingClientRect().bottom - m.getBoundingClientRect().top + m.scrollTop + 16 : 0;
         let inner = window.innerHeight - m.clientHeight + used;
         if (document.getElementById('backdrop').classList.contains('open'))
           inner = Math.max(inner, document.getElementById('modal').offsetHeight + 64);
         return Math.ceil(window.outerHeight - window.innerHeight + inner);",
    )
    .await
    .as_i64()
    .expect("a height");
    let height = u32::try_from(wanted.clamp(HEIGHTS.0, HEIGHTS.1)).expect("a height");
    browser
        .set_window_size(WINDOW.0, height)
        .await
        .expect("window size");
    // The last message in view, and no caret blinking in an input.
    eval(
        browser,
        "const m = document.getElementById('messages'); m.scrollTop = m.scrollHeight;
         if (document.activeElement) document.activeElement.blur();",
    )
    .await;
    // The pointer off the chat column, so no message shows its hover.
    let away = MouseActions::new("mouse".to_owned()).then(PointerAction::MoveTo {
        duration: None,
        x: 1.0,
        y: 1.0,
    });
    browser.perform_actions(away).await.expect("pointer moved");
    let png = browser
        .find(Locator::Id("chat"))
        .await
        .expect("the chat column")
        .screenshot()
        .await
        .expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    save_screenshot(&png, Path::new(env!("CARGO_MANIFEST_DIR")), name);
}
