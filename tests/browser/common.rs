//! What every scenario shares: the page in headless Chromium, the
//! ephemeral replies it shows, a click by CSS selector.

use std::{path::Path, time::Duration};

use views_sandbox::{Sandbox, SandboxConfig};
use views_testkit::webdriver::fantoccini::{Client, Locator, elements::Element, key::Key};
use views_testkit::webdriver::{Browser, eval, eventually};

/// How long the page may take to show what a step expects.
pub const WAIT: Duration = Duration::from_secs(20);

/// Headless Chromium on the sandbox's web page, once the page is live (its
/// event stream open): the browser and the message box.
pub async fn open_page(
    chromium: &Path,
    chromedriver: &Path,
    sandbox: &Sandbox,
) -> (Browser, Element) {
    let chrome = Browser::start(chromium, chromedriver)
        .await
        .expect("browser");
    let composer = load_page(chrome.client(), sandbox).await;
    (chrome, composer)
}

/// Goes to the sandbox's web page and waits until it is live (its event
/// stream open); returns the message box.
pub async fn load_page(browser: &Client, sandbox: &Sandbox) -> Element {
    browser.goto(&sandbox.web_url()).await.expect("page");
    let composer = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("composer"))
        .await
        .expect("the composer");
    eventually("the live marker", WAIT, || async {
        let live = eval(
            browser,
            "return document.getElementById('live').textContent",
        )
        .await;
        (live == "live").then_some(())
    })
    .await;
    composer
}

/// Runs `/name` through the page: `typed` in the message box (`/` and
/// the start of the name), the picker offering `name` alone, picked, its
/// `options` chosen in the command's form (select controls: option name
/// and value), and run.
pub async fn run_command(
    browser: &Client,
    composer: &Element,
    typed: &str,
    name: &str,
    options: &[(&str, &str)],
) {
    composer.send_keys(typed).await.expect("type");
    eventually(&format!("the picker offering /{name}"), WAIT, || async {
        let names = eval(
            browser,
            "const p = document.getElementById('command-picker');
             return p.hidden ? [] : [...p.querySelectorAll('.command-item')].map(i => i.dataset.name)",
        )
        .await;
        (names == serde_json::json!([name])).then_some(())
    })
    .await;
    composer
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .expect("pick");
    for (option, value) in options {
        click_css(
            browser,
            &format!("#command-form select[name='{option}'] option[value='{value}']"),
        )
        .await;
    }
    // A command without options may still show its form: run it from there.
    let form_open = eval(
        browser,
        "const f = document.getElementById('command-form'); return !!f && !f.hidden",
    )
    .await;
    if form_open == serde_json::json!(true) {
        click_css(browser, "#command-run").await;
    }
}

/// Texts of the messages shown with Discord's "Only you can see this".
const EPHEMERAL_TEXTS: &str = "return [...document.querySelectorAll('.msg.ephemeral')]
    .filter(m => m.querySelector('.ephemeral-note').textContent.includes('Only you can see this'))
    .map(m => m.querySelector('.content').textContent.trim());";

pub async fn ephemeral_texts(browser: &Client) -> Vec<String> {
    serde_json::from_value(eval(browser, EPHEMERAL_TEXTS).await).expect("a list of strings")
}

/// Clicks the element `css` once it is there.
pub async fn click_css(browser: &Client, css: &str) {
    click(browser, Locator::Css(css), css).await;
}

/// Clicks the element `locator` (named `what` in a failure) once it is
/// there; found again when the page redrew it between the find and the
/// click (its messages are redrawn on every change).
pub async fn click(browser: &Client, locator: Locator<'_>, what: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let clicked = browser
            .wait()
            .at_most(WAIT)
            .for_element(locator)
            .await
            .unwrap_or_else(|error| panic!("{what}: {error}"))
            .click()
            .await;
        match clicked {
            Ok(()) => return,
            Err(error)
                if error.is_stale_element_reference() && tokio::time::Instant::now() < deadline => {
            }
            Err(error) => panic!("clicking {what}: {error}"),
        }
    }
}

/// A sandbox whose clock moves only when told, so a slow machine never
/// misses the 3 s an interaction has for its answer.
pub async fn paused_sandbox() -> Sandbox {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    sandbox.clock().pause();
    sandbox
}
