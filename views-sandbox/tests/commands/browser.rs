//! The page's command picker in headless Chromium, against a small bot
//! (twilight-gateway and twilight-http): "/" lists the channel's commands,
//! typing filters them, the chosen command's options are typed inputs,
//! Enter runs it and the bot's ephemeral reply shows for its user only; a
//! refused option keeps the form open with the reason; the Apps menus on a
//! message and on a member run context-menu commands. Saves
//! `target/screenshots/sandbox-commands.png` (and `docs/images/` with
//! `TWILIGHT_VIEWS_UPDATE_SCREENSHOTS=1`). Skipped (with a clear message)
//! without Chromium, except under `CI=true`.

use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use twilight_gateway::{Event, EventTypeFlags, StreamExt};
use twilight_http::Client;
use twilight_model::application::interaction::Interaction;
use twilight_model::application::interaction::application_command::CommandOptionValue;
use views_testkit::webdriver::fantoccini::{self, Locator, key::Key};
use views_testkit::webdriver::{self, Browser, eval, save_screenshot};

use crate::common::{http, sandbox, shard};
use crate::{command_data, register_global, respond};

const WAIT: Duration = Duration::from_secs(20);

/// What the bot answers: the options it got, ephemerally for the counter.
async fn answer(http: &Client, interaction: Interaction) {
    let data = command_data(&interaction).clone();
    let content = match data.name.as_str() {
        "counter" => {
            let options: Vec<String> = data
                .options
                .iter()
                .map(|o| {
                    let value = match &o.value {
                        CommandOptionValue::Integer(n) => n.to_string(),
                        CommandOptionValue::String(s) => s.clone(),
                        CommandOptionValue::Boolean(b) => b.to_string(),
                        CommandOptionValue::User(id) => data
                            .resolved
                            .as_ref()
                            .and_then(|r| r.users.get(id))
                            .map_or_else(|| id.to_string(), |u| u.name.clone()),
                        other => format!("{other:?}"),
                    };
                    format!("{}={value}", o.name)
                })
                .collect();
            format!("counter {}", options.join(" "))
        }
        "Show profile" => {
            let target = data.target_id.unwrap().cast();
            let user = &data.resolved.as_ref().unwrap().users[&target];
            format!("profile of {}", user.name)
        }
        "Quote" => {
            let target = data.target_id.unwrap().cast();
            let message = &data.resolved.as_ref().unwrap().messages[&target];
            format!("> {}", message.content)
        }
        other => format!("unexpected {other}"),
    };
    let flags = if data.name == "counter" { 64 } else { 0 };
    respond(
        http,
        &interaction,
        json!({"type": 4, "data": {"content": content, "flags": flags}}),
    )
    .await
    .expect("reply accepted");
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

async fn click(browser: &fantoccini::Client, css: &str) {
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .expect("click");
}

async fn type_into(browser: &fantoccini::Client, css: &str, text: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .expect("keys");
}

const PICKER: &str = "const p = document.getElementById('command-picker');
    return p.hidden ? null : [...p.querySelectorAll('.command-item')].map(i =>
        [i.querySelector('.command-name').textContent, i.querySelector('.command-desc').textContent])";

const MESSAGES: &str = "return [...document.querySelectorAll('.msg')].map(m => [
    m.querySelector('.replyline')?.textContent.trim() ?? '',
    m.querySelector('.content')?.textContent.trim() ?? '',
    !!m.querySelector('.ephemeral-note')])";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_from_the_picker_and_the_apps_menus() {
    let Some((chromium, chromedriver)) =
        webdriver::browser_or_skip("commands_from_the_picker_and_the_apps_menus")
    else {
        return;
    };
    let sandbox = sandbox().await;
    let http = Arc::new(http(&sandbox));
    register_global(
        &sandbox,
        json!([
            {"type": 1, "name": "counter", "description": "Start a counter", "version": "1",
             "options": [
                {"type": 4, "name": "count", "description": "Start at", "required": true,
                 "min_value": 0, "max_value": 10},
                {"type": 3, "name": "colour", "description": "Button colour",
                 "choices": [{"name": "Red", "value": "red"}, {"name": "Blue", "value": "blue"}]},
                {"type": 5, "name": "loud", "description": "Announce it"},
                {"type": 6, "name": "who", "description": "For whom"},
             ]},
            {"type": 1, "name": "ping", "description": "Pong", "version": "1"},
            {"type": 2, "name": "Show profile", "description": "", "version": "1"},
            {"type": 3, "name": "Quote", "description": "", "version": "1"},
        ]),
    )
    .await;
    let mut shard = shard(&sandbox, 0, 1);
    let bot = {
        let http = Arc::clone(&http);
        tokio::spawn(async move {
            while let Some(event) = shard.next_event(EventTypeFlags::INTERACTION_CREATE).await {
                if let Ok(Event::InteractionCreate(interaction)) = event {
                    answer(&http, (*interaction).0).await;
                }
            }
        })
    };
    sandbox.wait_connected(1, WAIT).await.unwrap();
    let fixtures = sandbox.fixtures().clone();
    let bob = fixtures.users[1].id;
    sandbox
        .post_user_message(fixtures.channel_id, bob, "quote me")
        .unwrap();

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

    // "/" lists the chat input commands; typing filters them.
    type_into(browser, "#composer", "/").await;
    until(
        browser,
        "the picker",
        PICKER,
        json!([["/counter", "Start a counter"], ["/ping", "Pong"]]),
    )
    .await;
    type_into(browser, "#composer", "co").await;
    until(
        browser,
        "the filtered picker",
        PICKER,
        json!([["/counter", "Start a counter"]]),
    )
    .await;
    let png = browser.screenshot().await.expect("screenshot");
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    save_screenshot(&png, &workspace, "sandbox-commands.png");
    type_into(browser, "#composer", &char::from(Key::Enter).to_string()).await;

    // The options as typed inputs.
    until(
        browser,
        "the option inputs",
        "return [...document.querySelectorAll('#command-form .command-option')].map(o => {
            const i = o.querySelector('input, select');
            return [o.dataset.option, i.tagName.toLowerCase(), i.type,
                    [...o.querySelectorAll('option')].map(x => x.textContent)];
         })",
        json!([
            ["count", "input", "number", []],
            ["colour", "select", "select-one", ["(none)", "Red", "Blue"]],
            ["loud", "input", "checkbox", []],
            [
                "who",
                "select",
                "select-one",
                ["(none)", "alice", "bob", "carol", "sandbox-bot (APP)"]
            ],
        ]),
    )
    .await;

    // Out of range: the sandbox refuses, the form stays with the reason.
    type_into(browser, "#command-form input[name=count]", "11").await;
    click(browser, "#command-run").await;
    until(
        browser,
        "the refusal",
        "return document.getElementById('command-error')?.textContent.includes('more than 10') ?? null",
        json!(true),
    )
    .await;
    let count = browser
        .find(Locator::Css("#command-form input[name=count]"))
        .await
        .unwrap();
    count.clear().await.unwrap();
    count.send_keys("3").await.unwrap();
    click(
        browser,
        "#command-form select[name=colour] option[value=blue]",
    )
    .await;
    click(browser, "#command-form input[name=loud]").await;
    click(
        browser,
        &format!("#command-form select[name=who] option[value='{bob}']"),
    )
    .await;
    count
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    until(
        browser,
        "the bot's ephemeral answer",
        MESSAGES,
        json!([
            ["", "quote me", false],
            [
                "↱ @alice used /counter",
                "counter count=3 colour=blue loud=true who=bob",
                true
            ],
        ]),
    )
    .await;
    assert_eq!(
        eval(
            browser,
            "return document.getElementById('command-form').hidden"
        )
        .await,
        json!(true)
    );

    // The Apps menu of a message runs a message command.
    click(browser, ".msg .msg-apps").await;
    until(
        browser,
        "the message Apps menu",
        "return [...document.querySelectorAll('#apps-menu:not([hidden]) .app-command')].map(a => a.textContent)",
        json!(["Quote"]),
    )
    .await;
    click(browser, "#apps-menu .app-command").await;
    // And a member's, a user command.
    click(browser, &format!("#members .member[data-id='{bob}']")).await;
    click(browser, "#apps-menu .app-command[data-name='Show profile']").await;
    until(
        browser,
        "the context menu answers",
        // The quote command answers `> quote me`: the page draws it as a
        // quote (marked here with its `>`), as Discord's client does.
        "return [...document.querySelectorAll('.msg .content')].map(c => \
         (c.querySelector('.md-quote') ? '> ' : '') + c.textContent.trim()).slice(2)",
        json!(["> quote me", "profile of bob"]),
    )
    .await;
    let lines = eval(
        browser,
        "return [...document.querySelectorAll('.msg .replyline')].map(r => r.textContent.trim())",
    )
    .await;
    assert_eq!(
        lines,
        json!([
            "↱ @alice used /counter",
            "↱ @alice used Quote",
            "↱ @alice used Show profile"
        ])
    );

    // bob does not see alice's ephemeral answer.
    click(browser, &format!("#user option[value='{bob}']")).await;
    until(
        browser,
        "bob's view",
        "return [...document.querySelectorAll('.msg .content')].map(c => \
         (c.querySelector('.md-quote') ? '> ' : '') + c.textContent.trim())",
        json!(["quote me", "> quote me", "profile of bob"]),
    )
    .await;

    chrome.quit().await;
    bot.abort();
    sandbox.shutdown().await;
}
