//! The settings example's Components V2 panel: every setting changed,
//! kept across a bot restart and a reload of the page.

#[allow(dead_code, missing_docs)]
#[path = "../../examples/settings.rs"]
mod example;

use views_sandbox::Sandbox;
use views_testkit::webdriver::fantoccini::{Client, Locator, key::Key};
use views_testkit::webdriver::{self, eval, eventually, save_screenshot};

use crate::common::{WAIT, click_css, open_page, paused_sandbox};

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
    use example::{
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
    let sandbox = paused_sandbox().await;
    let db = crate::support::TempDb::new("browser-settings");
    let database_url = db.url();
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
    // The bot binds the panel once Discord returned it: a click faster
    // than that would find no view.
    eventually("the panel bound", WAIT, || async {
        sandbox
            .messages(fixtures.channel_id)
            .iter()
            .find(|stored| !stored.message.components.is_empty())
            .filter(|stored| bot.bot.router.is_bound(stored.message.id))
            .map(|_| ())
    })
    .await;

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
}
