//! The counter example: `!view` and three clicks, a bot restart, a fourth
//! click; `/counter` from the page's command picker.

#[allow(dead_code, missing_docs)]
#[path = "../../examples/counter.rs"]
mod example;

use example::CounterBot;
use example::support::{RunningBot, Settings, spawn};
use views_sandbox::Sandbox;
use views_testkit::webdriver::fantoccini::{Client, Locator, key::Key};
use views_testkit::webdriver::{self, eval, eventually, save_screenshot};

use crate::common::{WAIT, ephemeral_texts, open_page, paused_sandbox, run_command};

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

    let sandbox = paused_sandbox().await;
    let db = crate::support::TempDb::new("browser-counter");
    let database_url = db.url();
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
}

/// `/counter` in the page: the picker, the bot's answer carrying the view,
/// a click on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_counter_in_the_browser() {
    let Some((chromium, chromedriver)) = webdriver::browser_or_skip("slash_counter_in_the_browser")
    else {
        return;
    };
    let sandbox = paused_sandbox().await;
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

    run_command(browser, &composer, "/count", "counter", &[]).await;

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
