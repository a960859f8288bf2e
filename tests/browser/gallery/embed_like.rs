//! embed_like: `$embed`'s container; New Image shows the next image,
//! Change Text's dialog changes the section's text.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/embed_like.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use super::{
    click_button, fill_dialog, open, sandbox, save_chat, send, submit_dialog, wait_for_transcript,
};

/// The message's line showing `text` beside the image `dog`.
fn shown(text: &str, dog: usize) -> String {
    format!(
        "sandbox-bot: {text} ({}) [New Image secondary] [Change Text primary]",
        example::DOGS[dog]
    )
}

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, EmbedLikeBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "$embed").await;
    wait_for_transcript(browser, &["alice: $embed", &shown(example::RANDOM_TEXT, 0)]).await;
    click_button(browser, "New Image").await;
    wait_for_transcript(browser, &["alice: $embed", &shown(example::RANDOM_TEXT, 1)]).await;
    click_button(browser, "Change Text").await;
    fill_dialog(browser, "Change Text", &[("new_text", "A very good dog.")]).await;
    submit_dialog(browser).await;
    wait_for_transcript(browser, &["alice: $embed", &shown("A very good dog.", 1)]).await;
    save_chat(browser, "embed_like.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
