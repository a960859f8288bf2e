//! The modal_report example: `/report` from the picker, its dialog filled
//! in with an image uploaded, the report's gallery showing it.

#[allow(dead_code, missing_docs)]
#[path = "../../examples/modal_report.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Locator;
use views_testkit::webdriver::{self, eval, eventually, save_screenshot};

use crate::common::{WAIT, click_css, ephemeral_texts, open_page, paused_sandbox, run_command};

/// The modal_report example in the page: `/report` from the picker, its
/// dialog filled in with an image uploaded, the report posted as a
/// container whose gallery shows that image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modal_report_in_the_browser_uploads_an_image() {
    use example::{
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
    let sandbox = paused_sandbox().await;
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
    run_command(browser, &composer, "/report", "report", &[]).await;

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
        (shown == serde_json::json!(["Your Report", true, false, example::RULES])).then_some(())
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
