//! The sandbox web page in a real browser: headless Chromium, driven over
//! WebDriver, uses the counter example the way a developer would. It posts
//! `!view`, clicks Increment three times and sees the three ephemeral
//! replies (1-3), the bot restarts (a new router on the same store, the
//! same sandbox), a fourth click shows 4. The final page is saved as
//! `target/screenshots/sandbox.png` (and `docs/images/sandbox.png` with
//! `TWILIGHT_VIEWS_UPDATE_SCREENSHOTS=1`).
//!
//! A second test types `/counter` in the message box, picks the command,
//! runs it, and clicks Increment on the view the bot answers with
//! (`docs/images/slash-counter.png`).
//!
//! A third pages through the paginator example's `mirunav` navigator: ▶,
//! ⏭, "Jump to page" through the page's modal dialog, a bot restart, ▶
//! again from where it was (`docs/images/paginator.png`).
//!
//! Needs Debian's `chromium` and `chromium-driver` (installed by `.ci/run`).
//! Without them the test says SKIPPED and passes on a developer machine;
//! under `CI=true` it fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Each example is a whole program with its own `#[path]` include of
// examples/support: included here as it is, once per example.
#![allow(clippy::duplicate_mod)]

#[allow(dead_code, missing_docs)]
#[path = "../examples/counter.rs"]
mod counter;

#[allow(dead_code, missing_docs)]
#[path = "../examples/paginator.rs"]
mod paginator;

use std::{path::Path, time::Duration};

use counter::CounterBot;
use counter::support::{RunningBot, Settings, spawn};
use views_sandbox::{Sandbox, SandboxConfig};

use views_testkit::webdriver::fantoccini::{Client, Locator, elements::Element, key::Key};
use views_testkit::webdriver::{self, Browser, eval, eventually, save_screenshot};

const WAIT: Duration = Duration::from_secs(20);

/// The counter example's own runner, on the sandbox, with its views in the
/// SQLite file `database_url` (so a restart finds them again).
async fn start_bot(sandbox: &Sandbox, database_url: &str) -> RunningBot {
    let settings = Settings {
        database_url: database_url.to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

async fn stop_bot(sandbox: &Sandbox, bot: RunningBot) {
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
}

/// Headless Chromium on the sandbox's web page, once the page is live (its
/// event stream open): the browser and the message box.
async fn open_page(chromium: &Path, chromedriver: &Path, sandbox: &Sandbox) -> (Browser, Element) {
    let chrome = Browser::start(chromium, chromedriver)
        .await
        .expect("browser");
    let browser = chrome.client();
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
    (chrome, composer)
}

/// Texts of the messages shown with Discord's "Only you can see this".
const EPHEMERAL_TEXTS: &str = "return [...document.querySelectorAll('.msg.ephemeral')]
    .filter(m => m.querySelector('.ephemeral-note').textContent.includes('Only you can see this'))
    .map(m => m.querySelector('.content').textContent.trim());";

async fn ephemeral_texts(browser: &Client) -> Vec<String> {
    serde_json::from_value(eval(browser, EPHEMERAL_TEXTS).await).expect("a list of strings")
}

async fn click_increment(browser: &Client) {
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//div[contains(@class,'msg')][.//div[contains(@class,'content')][normalize-space(.)='Hello world!']]//button[normalize-space(.)='Increment']"))
        .await
        .expect("the Increment button")
        .click()
        .await
        .expect("click");
}

async fn wait_for_counts(browser: &Client, upto: u64) {
    let expected: Vec<String> = (1..=upto)
        .map(|n| format!("You have incremented this message's count to {n}!"))
        .collect();
    let what = format!("ephemeral replies 1..={upto}");
    eventually(&what, WAIT, || async {
        let texts = ephemeral_texts(browser).await;
        (texts == expected).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_in_the_browser_survives_a_bot_restart() {
    let Some((chromium, chromedriver)) =
        webdriver::browser_or_skip("counter_in_the_browser_survives_a_bot_restart")
    else {
        return;
    };

    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    // Deadlines move only when told: a slow machine never fails the 3 s rule.
    sandbox.clock().pause();
    let db = std::env::temp_dir().join(format!("views-browser-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let database_url = format!("sqlite://{}", db.display());
    let bot = start_bot(&sandbox, &database_url).await;

    let (chrome, composer) = open_page(&chromium, &chromedriver, &sandbox).await;
    let browser = chrome.client();
    composer
        .send_keys(&format!("!view{}", char::from(Key::Enter)))
        .await
        .expect("type");
    // The user's message and the bot's answer appear without a reload.
    eventually("!view and Hello world!", WAIT, || async {
        let texts = eval(
            browser,
            "return [...document.querySelectorAll('.msg .content')].map(e => e.textContent.trim())",
        )
        .await;
        (texts == serde_json::json!(["!view", "Hello world!"])).then_some(())
    })
    .await;

    for n in 1..=3 {
        click_increment(browser).await;
        wait_for_counts(browser, n).await;
    }

    // Restart the bot: a new router on the same SQLite file, the same sandbox.
    stop_bot(&sandbox, bot).await;
    let bot = start_bot(&sandbox, &database_url).await;
    click_increment(browser).await;
    wait_for_counts(browser, 4).await;

    // Ephemeral replies are for the clicking user only: bob does not see them.
    let png = browser.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    save_screenshot(
        &png,
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "sandbox.png",
    );

    let bob = sandbox.fixtures().users[1].id;
    eval(
        browser,
        &format!(
            "const s = document.getElementById('user'); s.value = '{bob}'; s.dispatchEvent(new Event('change'));"
        ),
    )
    .await;
    eventually("no ephemeral replies for bob", WAIT, || async {
        ephemeral_texts(browser).await.is_empty().then_some(())
    })
    .await;

    chrome.quit().await;
    stop_bot(&sandbox, bot).await;
    sandbox.shutdown().await;
    let _ = std::fs::remove_file(&db);
}

/// `/counter` in the page: the picker, the bot's answer carrying the view,
/// a click on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_counter_in_the_browser() {
    let Some((chromium, chromedriver)) = webdriver::browser_or_skip("slash_counter_in_the_browser")
    else {
        return;
    };
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    sandbox.clock().pause();
    let bot = start_bot(&sandbox, "memory:").await;
    // The bot registers `/counter` at start-up.
    eventually("/counter registered", WAIT, || async {
        sandbox
            .commands(None)
            .iter()
            .any(|command| command.name == "counter")
            .then_some(())
    })
    .await;

    let (chrome, composer) = open_page(&chromium, &chromedriver, &sandbox).await;
    let browser = chrome.client();

    composer.send_keys("/count").await.expect("type");
    eventually("the picker offers /counter", WAIT, || async {
        let names = eval(
            browser,
            "const p = document.getElementById('command-picker');
             return p.hidden ? [] : [...p.querySelectorAll('.command-item')].map(i => i.dataset.name)",
        )
        .await;
        (names == serde_json::json!(["counter"])).then_some(())
    })
    .await;
    composer
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .expect("pick");
    // A command without options may still show its form: run it from there.
    let form_open = eval(
        browser,
        "const f = document.getElementById('command-form'); return !!f && !f.hidden",
    )
    .await;
    if form_open == serde_json::json!(true) {
        browser
            .find(Locator::Id("command-run"))
            .await
            .expect("the Run button")
            .click()
            .await
            .expect("run");
    }

    // The answer: "@alice used /counter", then the view on it.
    eventually("the command's answer", WAIT, || async {
        let line = eval(
            browser,
            "const m = [...document.querySelectorAll('.msg')].find(m => m.querySelector('.replyline'));
             return m ? [m.querySelector('.replyline').textContent.trim(),
                         m.querySelector('.content').textContent.trim()] : null",
        )
        .await;
        (line == serde_json::json!(["↱ @alice used /counter", "Hello world!"])).then_some(())
    })
    .await;
    click_increment(browser).await;
    wait_for_counts(browser, 1).await;

    let png = browser.screenshot().await.expect("screenshot");
    save_screenshot(
        &png,
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "slash-counter.png",
    );
    chrome.quit().await;
    stop_bot(&sandbox, bot).await;
    sandbox.shutdown().await;
}

/// The paginator's message as the page shows it: its text (without
/// "(edited)"), its embed's title, and each button's face and whether it
/// is disabled.
const NAVIGATOR_SHOWN: &str = "const b = document.querySelector(\"button[data-cid='tvn:page']\");
    if (!b) return null;
    const m = b.closest('.msg');
    const c = m.querySelector('.body > .content');
    let text = '';
    if (c) { const x = c.cloneNode(true); x.querySelectorAll('.edited').forEach(e => e.remove()); text = x.textContent.trim(); }
    const t = m.querySelector('.embed-title');
    return [text, t ? t.textContent.trim() : null,
            [...m.querySelectorAll('button[data-action=click]')].map(b => [b.textContent.trim(), b.disabled])];";

/// Waits until the navigator shows `text` (or the embed `title`) at `page`
/// of 3, its arrows disabled at the ends.
async fn wait_for_page(browser: &Client, text: &str, title: Option<&str>, page: usize) {
    let (first, last) = (page == 1, page == 3);
    let expected = serde_json::json!([
        text,
        title,
        [
            ["⏮", first],
            ["◀", first],
            [format!("{page}/3"), false],
            ["▶", last],
            ["⏭", last]
        ]
    ]);
    let what = format!("page {page}/3");
    eventually(&what, WAIT, || async {
        let shown = eval(browser, NAVIGATOR_SHOWN).await;
        (shown == expected).then_some(())
    })
    .await;
}

async fn click_navigation(browser: &Client, custom_id: &str) {
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!(
            "button[data-cid='{custom_id}']:not([disabled])"
        )))
        .await
        .expect("the navigation button")
        .click()
        .await
        .expect("click");
}

/// The paginator example, miru's `mirunav`: paged with ▶ and ⏭, jumped to
/// page 1 through the "Jump to page" dialog, then paged on with ▶ after a
/// bot restart, from page 1 to page 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paginator_in_the_browser_pages_on_after_a_restart() {
    use paginator::{
        PaginatorBot,
        support::{RunningBot, Settings, spawn},
    };

    async fn start(sandbox: &Sandbox, database_url: &str) -> RunningBot {
        let settings = Settings {
            database_url: database_url.to_owned(),
            ..Settings::sandbox(sandbox)
        };
        let bot = spawn::<PaginatorBot>(settings).await.expect("bot starts");
        sandbox.wait_connected(1, WAIT).await.expect("bot connects");
        bot
    }

    async fn stop(sandbox: &Sandbox, bot: RunningBot) {
        bot.stop().await.expect("clean shutdown");
        sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    }

    let Some((chromium, chromedriver)) =
        webdriver::browser_or_skip("paginator_in_the_browser_pages_on_after_a_restart")
    else {
        return;
    };
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    sandbox.clock().pause();
    let db = std::env::temp_dir().join(format!("views-browser-nav-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let database_url = format!("sqlite://{}", db.display());
    let bot = start(&sandbox, &database_url).await;

    let (chrome, composer) = open_page(&chromium, &chromedriver, &sandbox).await;
    let browser = chrome.client();
    composer
        .send_keys(&format!("mirunav{}", char::from(Key::Enter)))
        .await
        .expect("type");
    wait_for_page(browser, "I'm the first page!", None, 1).await;

    click_navigation(browser, "tvn:next").await;
    wait_for_page(browser, "", Some("I'm the second page!"), 2).await;
    click_navigation(browser, "tvn:last").await;
    wait_for_page(browser, "I'm the last page!", None, 3).await;

    // The indicator opens "Jump to page" as a dialog; page 1 is submitted.
    click_navigation(browser, "tvn:page").await;
    eventually("the Jump to page dialog", WAIT, || async {
        let title = eval(
            browser,
            "const b = document.getElementById('backdrop');
             return b.classList.contains('open') ? b.querySelector('.modal-title').textContent : null",
        )
        .await;
        (title == "Jump to page").then_some(())
    })
    .await;
    browser
        .find(Locator::Css("#modal input[name='page']"))
        .await
        .expect("the page number input")
        .send_keys("1")
        .await
        .expect("type");
    browser
        .find(Locator::XPath(
            "//form[@id='modal']//button[normalize-space(.)='Submit']",
        ))
        .await
        .expect("Submit")
        .click()
        .await
        .expect("submit");
    wait_for_page(browser, "I'm the first page!", None, 1).await;

    // Restart: a new router on the same SQLite file pages on from page 1.
    stop(&sandbox, bot).await;
    let bot = start(&sandbox, &database_url).await;
    click_navigation(browser, "tvn:next").await;
    wait_for_page(browser, "", Some("I'm the second page!"), 2).await;

    let png = browser.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    save_screenshot(
        &png,
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "paginator.png",
    );
    chrome.quit().await;
    stop(&sandbox, bot).await;
    sandbox.shutdown().await;
    let _ = std::fs::remove_file(&db);
}
