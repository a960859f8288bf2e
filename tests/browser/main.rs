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
//! A fourth opens the settings example's Components V2 panel, changes
//! every setting (the count through its dialog, the toggle, the fruit,
//! channel and member selects), restarts the bot, reloads the page and
//! sees them kept, then changes one more and sends the message they
//! describe (`docs/images/settings.png`).
//!
//! Another runs the modal_report example's `/report` from the picker,
//! fills in its dialog, uploads an image through the file picker, and sees
//! the report's container with the image in its gallery
//! (`docs/images/modal-report.png`).
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
#[path = "../examples/modal_report.rs"]
mod modal_report;

#[allow(dead_code, missing_docs)]
#[path = "../examples/paginator.rs"]
mod paginator;

#[allow(dead_code, missing_docs)]
#[path = "../examples/settings.rs"]
mod settings;

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

/// The settings panel as the page shows it: the count button, the toggle
/// (text and colour class), and what each select's box shows chosen.
const SETTINGS_SHOWN: &str = "const b = document.querySelector(\"button[data-cid='settings:count']\");
    if (!b) return null;
    const m = b.closest('.msg');
    const box = cid => { const v = m.querySelector(`.select[data-cid='${cid}'] .select-box .value`); return v ? v.textContent.trim() : ''; };
    const t = m.querySelector(\"button[data-cid='settings:notifications']\");
    return [b.textContent.trim(), t.textContent.trim(), t.classList.contains('danger') ? 'red' : 'green',
            box('settings:fruit'), box('settings:channel'), box('settings:members')];";

async fn wait_for_settings(browser: &Client, expected: [&str; 6]) {
    let what = format!("the panel showing {expected:?}");
    eventually(&what, WAIT, || async {
        let shown = eval(browser, SETTINGS_SHOWN).await;
        (shown == serde_json::json!(expected)).then_some(())
    })
    .await;
}

async fn click_css(browser: &Client, css: &str) {
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css}: {error}"))
        .click()
        .await
        .expect("click");
}

/// Opens the select `custom_id` of the panel and clicks the options
/// `values`; a select of several choices is sent when its menu closes.
async fn pick(browser: &Client, custom_id: &str, values: &[&str]) {
    click_css(
        browser,
        &format!(".select[data-cid='{custom_id}'] .select-box"),
    )
    .await;
    for value in values {
        click_css(
            browser,
            &format!(".select[data-cid='{custom_id}'] .option[data-value='{value}']"),
        )
        .await;
    }
    if values.len() > 1 {
        // A click elsewhere closes the menu and sends the choice.
        browser
            .find(Locator::Id("composer"))
            .await
            .expect("the composer")
            .click()
            .await
            .expect("click");
    }
}

/// The settings example in the page: every setting changed, kept across a
/// bot restart and a reload of the page, and used by `@bot send`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_in_the_browser_are_kept_across_a_restart() {
    use settings::{
        SettingsBot,
        support::{RunningBot, Settings, spawn},
    };

    async fn start(sandbox: &Sandbox, database_url: &str) -> RunningBot {
        let settings = Settings {
            database_url: database_url.to_owned(),
            ..Settings::sandbox(sandbox)
        };
        let bot = spawn::<SettingsBot>(settings).await.expect("bot starts");
        sandbox.wait_connected(1, WAIT).await.expect("bot connects");
        bot
    }

    let Some((chromium, chromedriver)) =
        webdriver::browser_or_skip("settings_in_the_browser_are_kept_across_a_restart")
    else {
        return;
    };
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    sandbox.clock().pause();
    let db = std::env::temp_dir().join(format!("views-browser-settings-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let database_url = format!("sqlite://{}", db.display());
    let bot = start(&sandbox, &database_url).await;
    let fixtures = sandbox.fixtures().clone();
    let (alice, bob) = (fixtures.users[0].id, fixtures.users[1].id);

    let (chrome, composer) = open_page(&chromium, &chromedriver, &sandbox).await;
    let browser = chrome.client();
    // The original answers a mention only.
    composer
        .send_keys(&format!(
            "<@{}> settings{}",
            fixtures.bot.id,
            char::from(Key::Enter)
        ))
        .await
        .expect("type");
    wait_for_settings(browser, ["1", "🔔 Enabled", "green", "Apple", "", ""]).await;

    // The count, through the page's dialog.
    click_css(browser, "button[data-cid='settings:count']").await;
    let input = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#modal input[name='count']"))
        .await
        .expect("the Count input");
    input.clear().await.expect("clear");
    input.send_keys("3").await.expect("type");
    click_css(browser, "#modal .modal-foot button.primary").await;
    wait_for_settings(browser, ["3", "🔔 Enabled", "green", "Apple", "", ""]).await;

    click_css(browser, "button[data-cid='settings:notifications']").await;
    wait_for_settings(browser, ["3", "🔕 Disabled", "red", "Apple", "", ""]).await;

    pick(browser, "settings:fruit", &["mango"]).await;
    wait_for_settings(browser, ["3", "🔕 Disabled", "red", "Mango", "", ""]).await;

    pick(
        browser,
        "settings:channel",
        &[&fixtures.channel_id.to_string()],
    )
    .await;
    wait_for_settings(
        browser,
        ["3", "🔕 Disabled", "red", "Mango", "#general", ""],
    )
    .await;

    pick(
        browser,
        "settings:members",
        &[&alice.to_string(), &bob.to_string()],
    )
    .await;
    let all = ["3", "🔕 Disabled", "red", "Mango", "#general", "alice, bob"];
    wait_for_settings(browser, all).await;

    // Restart the bot on the same SQLite file, and reload the page, so
    // what it shows comes from the message alone.
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox, &database_url).await;
    browser.goto(&sandbox.web_url()).await.expect("reload");
    wait_for_settings(browser, all).await;

    // The restarted bot answers from the kept settings: the toggle back
    // to green re-renders the rest as it was...
    click_css(browser, "button[data-cid='settings:notifications']").await;
    wait_for_settings(
        browser,
        [
            "3",
            "🔔 Enabled",
            "green",
            "Mango",
            "#general",
            "alice, bob",
        ],
    )
    .await;
    browser.goto(&sandbox.web_url()).await.expect("reload");
    wait_for_settings(
        browser,
        [
            "3",
            "🔔 Enabled",
            "green",
            "Mango",
            "#general",
            "alice, bob",
        ],
    )
    .await;

    // ...and `send` uses them.
    let composer = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("composer"))
        .await
        .expect("the composer");
    composer
        .send_keys(&format!(
            "<@{}> send{}",
            fixtures.bot.id,
            char::from(Key::Enter)
        ))
        .await
        .expect("type");
    eventually("the message send made", WAIT, || async {
        sandbox
            .messages(fixtures.channel_id)
            .iter()
            .any(|stored| stored.message.content == format!("<@{alice}> <@{bob}> 🥭 🥭 🥭"))
            .then_some(())
    })
    .await;

    // The page with the whole panel, Finish included, and the message
    // `send` made below it (a taller window than the other tests': the
    // panel is tall).
    browser
        .set_window_size(1200, 1080)
        .await
        .expect("window size");
    eval(
        browser,
        "[...document.querySelectorAll('.msg')].pop().scrollIntoView({block: 'end'})",
    )
    .await;
    let png = browser.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    save_screenshot(
        &png,
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "settings.png",
    );
    chrome.quit().await;
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    sandbox.shutdown().await;
    let _ = std::fs::remove_file(&db);
}

/// The modal_report example in the page: `/report` from the picker, its
/// dialog filled in with an image uploaded, the report posted as a
/// container whose gallery shows that image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modal_report_in_the_browser_uploads_an_image() {
    use modal_report::{
        ReportBot, THANKS,
        support::{Settings, spawn},
    };

    /// A 1x1 PNG, so the gallery's image really loads.
    const PIXEL_PNG: [u8; 70] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64,
        0x60, 0xf8, 0x5f, 0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    let Some((chromium, chromedriver)) =
        webdriver::browser_or_skip("modal_report_in_the_browser_uploads_an_image")
    else {
        return;
    };
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    sandbox.clock().pause();
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(&sandbox)
    };
    let bot = spawn::<ReportBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    let guild = sandbox.fixtures().guild_id;
    eventually("/report registered", WAIT, || async {
        (!sandbox.commands(Some(guild)).is_empty()).then_some(())
    })
    .await;
    let image = std::env::temp_dir().join(format!("views-report-{}.png", std::process::id()));
    std::fs::write(&image, PIXEL_PNG).expect("the image");

    let (chrome, composer) = open_page(&chromium, &chromedriver, &sandbox).await;
    let browser = chrome.client();
    composer.send_keys("/report").await.expect("type");
    eventually("the picker offers /report", WAIT, || async {
        let names = eval(
            browser,
            "const p = document.getElementById('command-picker');
             return p.hidden ? [] : [...p.querySelectorAll('.command-item')].map(i => i.dataset.name)",
        )
        .await;
        (names == serde_json::json!(["report"])).then_some(())
    })
    .await;
    composer
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .expect("pick");
    let form_open = eval(
        browser,
        "const f = document.getElementById('command-form'); return !!f && !f.hidden",
    )
    .await;
    if form_open == serde_json::json!(true) {
        click_css(browser, "#command-run").await;
    }

    // The dialog: the rules under the inputs, the upload optional.
    eventually("the report dialog", WAIT, || async {
        let shown = eval(
            browser,
            "const b = document.getElementById('backdrop');
             const input = b.querySelector('input[type=file]');
             return b.classList.contains('open') && input
                ? [b.querySelector('.modal-title').textContent, input.multiple, input.required,
                   b.querySelector('.modal-body .content').textContent.trim()]
                : null",
        )
        .await;
        (shown == serde_json::json!(["Your Report", true, false, modal_report::RULES]))
            .then_some(())
    })
    .await;
    click_css(browser, "#modal select[name='topic'] option[value='Bug']").await;
    browser
        .find(Locator::Css("#modal input[name='report_title']"))
        .await
        .expect("the title")
        .send_keys("The bot does not respond to commands")
        .await
        .expect("type");
    browser
        .find(Locator::Css("#modal textarea[name='description']"))
        .await
        .expect("the description")
        .send_keys("When I use /ping, the bot does not respond at all.")
        .await
        .expect("type");
    browser
        .find(Locator::Css("#modal input[name='report_images']"))
        .await
        .expect("the file picker")
        .send_keys(&image.display().to_string())
        .await
        .expect("choose the image");
    click_css(browser, "#modal .modal-foot button.primary").await;

    // The thanks, and the report with the image loaded in its gallery.
    eventually("the thanks", WAIT, || async {
        (ephemeral_texts(browser).await == [THANKS]).then_some(())
    })
    .await;
    let file_name = image.file_name().unwrap().to_string_lossy().into_owned();
    eventually("the report's gallery", WAIT, || async {
        let shown = eval(
            browser,
            "const c = document.querySelector('.msg .container');
             const img = c && c.querySelector('.gallery img');
             return img && img.complete
                ? [c.querySelector('.md-h2') ? c.querySelector('.md-h2').textContent : null,
                   img.naturalWidth, new URL(img.src).pathname.split('/').pop()]
                : null",
        )
        .await;
        (shown == serde_json::json!(["Bug", 1, file_name])).then_some(())
    })
    .await;

    // The description as a quote, the time as Discord's timestamp.
    let quoted = eval(
        browser,
        "const c = document.querySelector('.msg .container');
         return [c.querySelector('.md-quote').textContent,
                 c.querySelector('.md-time').title.replace(/[0-9]+/, 'UNIX')]",
    )
    .await;
    assert_eq!(
        quoted,
        serde_json::json!([
            "When I use /ping, the bot does not respond at all.",
            "t:UNIX:F"
        ])
    );
    let png = browser.screenshot().await.expect("screenshot");
    save_screenshot(
        &png,
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        "modal-report.png",
    );
    chrome.quit().await;
    bot.stop().await.expect("clean shutdown");
    std::fs::remove_file(&image).ok();
    sandbox.shutdown().await;
}
