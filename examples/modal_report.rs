//! Report (discord.py's `examples/modals/report.py`): the `/report` slash
//! command ("Report an issue or provide feedback."), registered in the
//! test guild, opens the "Your Report" modal: a "Topic" select of seven
//! topics, a short "Title" (at most 120 characters), a paragraph
//! "Description" (at most 2,000), an optional "Images" upload of up to ten
//! files, each inside a label with a description, and the rules as a text
//! display at the bottom. Its submission posts the report to the reports
//! channel as a Components V2 message: a container with the topic, the
//! title, the description quoted, a gallery of the uploaded images when
//! there are any, and "Reported by USER (ID: ID) | <time>"; the reporter
//! alone gets "Thank you for your report! We will look into it shortly.",
//! and any failure "Oops! Something went wrong.".
//!
//! The test guild is `DISCORD_GUILD_ID` (discord.py's `TEST_GUILD`); the
//! reports channel is `DISCORD_REPORTS_CHANNEL_ID` (`REPORTS_CHANNEL_ID`),
//! and without it the channel the command ran in. With the embedded
//! sandbox, its guild and channel.
//!
//! ```console
//! $ cargo run --example modal_report
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use twilight_gateway::EventTypeFlags;
use twilight_http::{request::Request, routing::Route};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::{
        Attachment, Message,
        message::{Component, MessageFlags},
    },
    id::{
        Id,
        marker::{ChannelMarker, InteractionMarker},
    },
    user::User,
};
use twilight_views::{ViewRouter, layout, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The reporter's answer.
pub const THANKS: &str = "Thank you for your report! We will look into it shortly.";

/// The original's `on_error` answer, sent for any failure.
pub const OOPS: &str = "Oops! Something went wrong.";

/// The rules shown at the bottom of the form (the `footer` field's text;
/// an attribute takes a literal only).
pub const RULES: &str =
    "Please ensure your report follows the server rules. Any kind of abuse will result in a ban.";

/// `/report`, a guild command without options.
#[derive(CommandModel, CreateCommand)]
#[command(name = "report", desc = "Report an issue or provide feedback.")]
pub struct ReportCommand;

/// The form. Each option's value is its label, as a discord.py option
/// without a value.
#[modal(title = "Your Report", custom_id = "report")]
#[derive(Debug, Default)]
pub struct ReportModal {
    /// One of seven topics.
    #[select(
        label = "Topic",
        description = "Select the topic of the report.",
        placeholder = "Choose a topic...",
        options = [
            option(label = "Bug", value = "Bug", description = "Report a bug in the bot"),
            option(label = "Feedback", value = "Feedback", description = "Provide feedback or suggestions"),
            option(label = "Feature Request", value = "Feature Request", description = "Request a new feature"),
            option(label = "Performance", value = "Performance", description = "Report performance issues"),
            option(label = "UI/UX", value = "UI/UX", description = "Report user interface or experience issues"),
            option(label = "Security", value = "Security", description = "Report security vulnerabilities"),
            option(label = "Other", value = "Other", description = "Other types of reports"),
        ],
    )]
    pub topic: String,
    /// At most 120 characters.
    #[text_input(
        label = "Title",
        description = "A short title for the report.",
        style = "short",
        placeholder = "The bot does not respond to commands",
        max_length = 120
    )]
    pub report_title: String,
    /// At most 2,000 characters.
    #[text_input(
        label = "Description",
        description = "A detailed description of the report.",
        style = "paragraph",
        placeholder = "When I use /ping, the bot does not respond at all. There are no error messages.",
        max_length = 2000
    )]
    pub description: String,
    /// Up to ten files, optional; the field name is the original's
    /// custom_id.
    #[file_upload(
        label = "Images",
        description = "Upload any relevant images for your report (optional).",
        max_values = 10,
        required = false
    )]
    pub report_images: Vec<Attachment>,
    /// The rules, shown under the inputs.
    #[text_display(
        content = "Please ensure your report follows the server rules. Any kind of abuse will result in a ban."
    )]
    pub footer: (),
}

/// discord.py's `str(user)`: the name, with `#discriminator` for the
/// accounts that still have one.
fn user_text(user: &User) -> String {
    if user.discriminator == 0 {
        user.name.clone()
    } else {
        format!("{}#{:04}", user.name, user.discriminator)
    }
}

/// When the interaction was created, in Unix seconds: its snowflake's
/// timestamp (discord.py's `interaction.created_at`).
pub fn created_at(id: Id<InteractionMarker>) -> u64 {
    const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
    ((id.get() >> 22) + DISCORD_EPOCH_MS) / 1000
}

/// The original's `to_view`: the report as a container, its gallery
/// shown only when images came with it. A view without items: nothing in
/// it is clicked, it only renders.
#[view]
pub struct Report {
    topic: String,
    title: String,
    description: String,
    images: Vec<String>,
    reported_by: String,
}

#[view]
impl Report {
    #[layout]
    fn layout(&self) {
        container(
            text("-# User Report\n## {}", self.topic),
            text("### {}", self.title),
            text(">>> {}", self.description),
            gallery(items = &self.images),
            text(self.reported_by.as_str()),
        );
    }
}

impl Report {
    /// The report of `form`, submitted by `reporter` at `created_at`.
    pub fn new(form: &ReportModal, reporter: &User, created_at: u64) -> Self {
        Self {
            topic: form.topic.clone(),
            title: form.report_title.clone(),
            description: form.description.clone(),
            images: form
                .report_images
                .iter()
                .map(|file| file.url.clone())
                .collect(),
            // discord.py's `format_dt(created_at, 'F')`.
            reported_by: format!(
                "-# Reported by {} (ID: {}) | <t:{created_at}:F>",
                user_text(reporter),
                reporter.id
            ),
        }
    }
}

/// Posts `components` as a Components V2 message. Not through
/// `create_message`: twilight-validate caps each text display at 2,000
/// characters there, and a full description quoted (`>>> ` and 2,000
/// characters) is longer; Discord allows 4,000 across the message, which
/// `layout::check` verifies first.
async fn post_layout(
    http: &twilight_http::Client,
    channel: Id<ChannelMarker>,
    components: &[Component],
) -> Result<Message, BoxError> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        components: &'a [Component],
        flags: MessageFlags,
    }
    layout::check(components)?;
    let route = Route::CreateMessage {
        channel_id: channel.get(),
    };
    let request = Request::builder(&route)
        .json(&Body {
            components,
            flags: MessageFlags::IS_COMPONENTS_V2,
        })
        .build()?;
    Ok(http.request::<Message>(request).await?.model().await?)
}

/// The original's `on_submit`: the report to the reports channel, the
/// thanks to the reporter.
async fn on_submit(
    ctx: ViewContext,
    form: ReportModal,
    reports: Option<Id<ChannelMarker>>,
) -> Result<(), BoxError> {
    let reporter = ctx.user().ok_or("a report has a reporter")?;
    let channel = reports
        .or_else(|| ctx.channel_id())
        .ok_or("no reports channel")?;
    let report = Report::new(&form, reporter, created_at(ctx.interaction().id)).message()?;
    post_layout(ctx.http(), channel, report.components()).await?;
    ctx.respond_ephemeral(THANKS).await?;
    Ok(())
}

/// `DISCORD_REPORTS_CHANNEL_ID`, when set.
fn reports_channel() -> Result<Option<Id<ChannelMarker>>, BoxError> {
    match std::env::var("DISCORD_REPORTS_CHANNEL_ID") {
        Ok(id) if !id.trim().is_empty() => {
            Ok(Some(id.trim().parse().map_err(
                |_| "DISCORD_REPORTS_CHANNEL_ID is not a channel id",
            )?))
        }
        _ => Ok(None),
    }
}

/// The report bot.
pub struct ReportBot;

impl GatewayBot for ReportBot {
    const NAME: &'static str = "modal_report";
    const TRY: &'static [Try] = &[
        Try::Command("report"),
        Try::SubmitFields(
            r#"{"topic":["Bug"],"report_title":"The bot does not respond to commands","description":"When I use /ping, the bot does not respond at all."}"#,
        ),
    ];
    /// The events the event loop acts on (gateway closes always come through).
    const EVENTS: EventTypeFlags = EventTypeFlags::READY.union(EventTypeFlags::INTERACTION_CREATE);

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let guild = settings
            .guild_id
            .ok_or("set DISCORD_GUILD_ID: /report is registered in that guild only")?;
        let reports = reports_channel()?;
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .modal(move |ctx: ViewContext, form: ReportModal| on_submit(ctx, form, reports))
            // The original's `on_error`.
            .error_message(OOPS)
            .build()?;
        http.interaction(application_id)
            .set_guild_commands(guild, &[ReportCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `/report` opens the form.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        if commands::slash::<ReportCommand>(&ctx)?.is_none() {
            return Ok(());
        }
        ctx.open_empty_modal::<ReportModal>().await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<ReportBot>().await
}
