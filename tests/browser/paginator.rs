//! The paginator example, miru's `mirunav`: paged through, jumped through
//! its dialog, paged on after a bot restart.

#[allow(dead_code, missing_docs)]
#[path = "../../examples/paginator.rs"]
mod example;

use views_sandbox::Sandbox;
use views_testkit::webdriver::fantoccini::{Client, Locator, key::Key};
use views_testkit::webdriver::{self, eval, eventually, save_screenshot};

use crate::common::{WAIT, open_page, paused_sandbox};

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
    use example::{
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
    let sandbox = paused_sandbox().await;
    let db = crate::support::TempDb::new("browser-nav");
    let database_url = db.url();
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
}
