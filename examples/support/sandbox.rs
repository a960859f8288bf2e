//! The embedded sandbox (a local Discord) the examples start when no token
//! is given, and the walkthrough they print for it.

use views_sandbox::{Sandbox, SandboxConfig};

use super::{BoxError, GatewayBot};

/// Where the embedded sandbox keeps its channels and messages.
const STATE_FILE: &str = "twilight-views-sandbox.json";

/// One step of the printed sandbox walkthrough.
#[derive(Clone, Copy, Debug)]
pub enum Try {
    /// Alice posts this text in `#general`; `{bot}` becomes a mention of the bot.
    Post(&'static str),
    /// Alice clicks the button with this custom_id and label on the bot's message.
    Click(&'static str, &'static str),
    /// Alice clicks the button with this label on a view started for one
    /// message: its custom_id is generated (`tvi:...`), read from the message.
    ClickStarted(&'static str),
    /// Alice picks these values in the select of a view started for one
    /// message (custom_id read from the message, as for `ClickStarted`).
    ChooseStarted(&'static [&'static str]),
    /// Alice submits the form the previous click opened: `(custom_id, text)`.
    Submit(&'static [(&'static str, &'static str)]),
    /// Alice runs the slash command with this name (no options).
    Command(&'static str),
    /// Alice runs the slash command with these options: a JSON object of
    /// option name -> value, where `{bob}` becomes bob's user id.
    CommandWith(&'static str, &'static str),
    /// Alice submits the form the previous step opened: a JSON object of
    /// custom_id -> value (a string for a text input, an array of values
    /// for a select).
    SubmitFields(&'static str),
}

/// Starts the sandbox on `VIEWS_SANDBOX_PORT` (default: a free port).
pub async fn start() -> Result<Sandbox, BoxError> {
    // Keep the sandbox's channels and messages next to the bot's store, so
    // after a restart the old buttons are still there to click
    // (VIEWS_SANDBOX_STATE_FILE overrides the file).
    let mut config = SandboxConfig::from_env();
    if config.state_file.is_none() {
        config = config.state_file(STATE_FILE);
    }
    Ok(Sandbox::start(config).await?)
}

/// What `cargo run --example NAME` prints when it starts the sandbox.
pub fn walkthrough<E: GatewayBot>(sandbox: &Sandbox) -> String {
    let control = sandbox.control_url();
    let fixtures = sandbox.fixtures();
    let channel = fixtures.channel_id;
    let alice = fixtures.users.first().map_or(0, |user| user.id.get());
    let bob = fixtures.users.get(1).map_or(0, |user| user.id.get());
    let bot = sandbox.application_id();
    // HTTP interactions mode: the sandbox POSTs to the bot's endpoint.
    let endpoint = sandbox
        .interactions_endpoint_validation()
        .filter(|validation| validation.passed && !validation.url.is_empty())
        .map(|validation| validation.url);
    let mut out = format!(
        "Open {web} in a browser to write and click as alice, bob or carol.\n\
         No DISCORD_TOKEN set: the {name} example runs against the embedded sandbox (a local Discord).\n\
         Sandbox: {control}  (gateway {gateway}, REST {api})\n\
         Or act as the user alice ({alice}) in #general ({channel}) from another terminal:\n",
        name = E::NAME,
        web = sandbox.web_url(),
        gateway = sandbox.gateway_url(),
        api = sandbox.api_url(),
    );
    if let Some(url) = &endpoint {
        out.push_str(&format!(
            "HTTP interactions: the sandbox POSTs every interaction to the bot at {url}, signed with its key {key}.\n",
            key = sandbox.interactions_public_key(),
        ));
    }
    for step in E::TRY {
        match step {
            Try::Post(text) if endpoint.is_some() => {
                out.push_str(&format!(
                    "\n  # {text:?} is a message: in HTTP interactions mode the bot gets no message events, so it never sees it\n"
                ));
            }
            Try::Post(text) => {
                let text = text.replace("{bot}", &format!("<@{bot}>"));
                out.push_str(&format!(
                    "\n  # post {text:?}, then read the bot's answer (note its \"id\": MESSAGE_ID)\n  \
                     curl -s -X POST -H 'Content-Type: application/json' {control}/channels/{channel}/messages -d '{{\"author_id\":\"{alice}\",\"content\":\"{text}\"}}'\n  \
                     curl -s {control}/channels/{channel}/messages\n"
                ));
            }
            Try::Click(custom_id, label) => {
                out.push_str(&format!(
                    "\n  # click {label:?} on MESSAGE_ID (answers {{\"interaction_id\": ...}}), then read the reply\n  \
                     curl -s -X POST -H 'Content-Type: application/json' {control}/click -d '{{\"message_id\":\"MESSAGE_ID\",\"custom_id\":\"{custom_id}\",\"user_id\":\"{alice}\"}}'\n  \
                     curl -s \"{control}/replies/wait?interaction_id=INTERACTION_ID&timeout_ms=5000\"\n"
                ));
            }
            Try::ClickStarted(label) => {
                out.push_str(&format!(
                    "\n  # click {label:?} on MESSAGE_ID: CUSTOM_ID is that button's \"custom_id\" in the message (tvi:...)\n  \
                     curl -s -X POST -H 'Content-Type: application/json' {control}/click -d '{{\"message_id\":\"MESSAGE_ID\",\"custom_id\":\"CUSTOM_ID\",\"user_id\":\"{alice}\"}}'\n  \
                     curl -s \"{control}/replies/wait?interaction_id=INTERACTION_ID&timeout_ms=5000\"\n"
                ));
            }
            Try::ChooseStarted(values) => {
                let values = values
                    .iter()
                    .map(|value| format!("\"{value}\""))
                    .collect::<Vec<_>>()
                    .join(",");
                out.push_str(&format!(
                    "\n  # choose [{values}] on MESSAGE_ID: CUSTOM_ID is the select's \"custom_id\" in the message (tvi:...)\n  \
                     curl -s -X POST -H 'Content-Type: application/json' {control}/select -d '{{\"message_id\":\"MESSAGE_ID\",\"custom_id\":\"CUSTOM_ID\",\"values\":[{values}],\"user_id\":\"{alice}\"}}'\n  \
                     curl -s \"{control}/replies/wait?interaction_id=INTERACTION_ID&timeout_ms=5000\"\n"
                ));
            }
            Try::Command(name) => {
                out.push_str(&format!(
                    "\n  # run /{name} (answers {{\"interaction_id\": ...}}), then read the reply (its \"message_id\": MESSAGE_ID)\n  \
                     curl -s -X POST -H 'Content-Type: application/json' {control}/command -d '{{\"name\":\"{name}\",\"user_id\":\"{alice}\",\"channel_id\":\"{channel}\"}}'\n  \
                     curl -s \"{control}/replies/wait?interaction_id=INTERACTION_ID&timeout_ms=5000\"\n"
                ));
            }
            Try::CommandWith(name, options) => {
                let options = options.replace("{bob}", &bob.to_string());
                out.push_str(&format!(
                    "\n  # run /{name} with {options} (answers {{\"interaction_id\": ...}}), then read the reply\n  \
                     curl -s -X POST -H 'Content-Type: application/json' {control}/command -d '{{\"name\":\"{name}\",\"options\":{options},\"user_id\":\"{alice}\",\"channel_id\":\"{channel}\"}}'\n  \
                     curl -s \"{control}/replies/wait?interaction_id=INTERACTION_ID&timeout_ms=5000\"\n"
                ));
            }
            Try::SubmitFields(fields) => out.push_str(&submit(&control, fields, alice)),
            Try::Submit(fields) => {
                let fields = fields
                    .iter()
                    .map(|(custom_id, text)| format!("\"{custom_id}\":\"{text}\""))
                    .collect::<Vec<_>>()
                    .join(",");
                out.push_str(&submit(&control, &format!("{{{fields}}}"), alice));
            }
        }
    }
    out.push_str(&format!(
        "\nOther users: curl -s {control}/users   Stop: Ctrl-C.\n"
    ));
    out
}

/// The steps that read the form the previous step opened and submit
/// `fields` (a JSON object) as alice.
fn submit(control: &str, fields: &str, alice: u64) -> String {
    format!(
        "\n  # read the form the previous step opened, then submit it (INTERACTION_ID: the step that opened it)\n  \
         curl -s {control}/modals/INTERACTION_ID\n  \
         curl -s -X POST -H 'Content-Type: application/json' {control}/modal -d '{{\"interaction_id\":\"INTERACTION_ID\",\"fields\":{fields},\"user_id\":\"{alice}\"}}'\n  \
         curl -s \"{control}/replies/wait?interaction_id=SUBMISSION_ID&timeout_ms=5000\"\n"
    )
}
