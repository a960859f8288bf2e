//! Timeout (discord.py's `examples/modals/label.py`): the `/timeout
//! member` slash command, registered in the test guild, opens the "Timeout
//! Member" modal: a "Duration" select (1 minute to 1 hour) and a short
//! "Reason", each inside a label with a description. Its submission times
//! the member out until now plus the duration, the reason going to the
//! audit log, and answers the moderator alone "Timeout @member until
//! <time> with reason: REASON"; any failure "Oops! Something went wrong.".
//!
//! The test guild is `DISCORD_GUILD_ID` (discord.py's `TEST_GUILD`); with
//! the embedded sandbox, the sandbox's guild.
//!
//! ```console
//! $ cargo run --example modal_label
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{
    process::ExitCode,
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use twilight_gateway::EventTypeFlags;
use twilight_http::request::AuditLogReason as _;
use twilight_interactions::command::{CommandModel, CreateCommand, ResolvedUser};
use twilight_model::{
    id::{Id, marker::UserMarker},
    util::Timestamp,
};
use twilight_views::{ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The original's `on_error` answer, sent for any failure.
pub const OOPS: &str = "Oops! Something went wrong.";

/// `/timeout member`, a guild command.
#[derive(CommandModel, CreateCommand)]
#[command(name = "timeout", desc = "Timeout a member")]
pub struct TimeoutCommand {
    /// discord.py's description of a parameter that has none.
    #[command(desc = "…")]
    pub member: ResolvedUser,
}

/// The form.
#[modal(title = "Timeout Member", custom_id = "timeout:{member}")]
#[derive(Debug)]
pub struct TimeoutModal {
    /// Whom to time out. discord.py keeps the member on the modal object,
    /// in memory; here it travels in the modal's custom_id, so a form
    /// submitted after the bot restarted still names them.
    #[id_field]
    pub member: Id<UserMarker>,
    /// Seconds, as the option's value.
    #[select(
        label = "Duration",
        description = "How long to timeout the member for.",
        options = [
            option(label = "1 minute", value = "60"),
            option(label = "5 minutes", value = "300"),
            option(label = "10 minutes", value = "600"),
            option(label = "30 minutes", value = "1800"),
            option(label = "1 hour", value = "3600"),
        ],
    )]
    pub duration: String,
    /// At most 256 characters.
    #[text_input(
        label = "Reason",
        description = "The reason for the timeout.",
        style = "short",
        max_length = 256
    )]
    pub reason: String,
}

/// The original's `on_submit`.
async fn on_submit(ctx: ViewContext, form: TimeoutModal) -> Result<(), BoxError> {
    let guild = ctx.guild_id().ok_or("a timeout needs a guild")?;
    let seconds: i64 = form.duration.parse()?;
    let now = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_micros())?;
    let until = Timestamp::from_micros(now + seconds * 1_000_000)?;
    ctx.http()
        .update_guild_member(guild, form.member)
        .communication_disabled_until(Some(until))
        .reason(&form.reason)
        .await?;
    // discord.py's `member.mention` and `format_dt(until)`.
    let text = format!(
        "Timeout <@{}> until <t:{}> with reason: {}",
        form.member,
        until.as_secs(),
        form.reason
    );
    ctx.respond_ephemeral(text).await?;
    Ok(())
}

/// The timeout bot.
pub struct TimeoutBot;

impl GatewayBot for TimeoutBot {
    const NAME: &'static str = "modal_label";
    const TRY: &'static [Try] = &[
        Try::CommandWith("timeout", r#"{"member":"{bob}"}"#),
        Try::SubmitFields(r#"{"duration":["300"],"reason":"Spamming"}"#),
    ];
    /// The events the event loop acts on (gateway closes always come through).
    const EVENTS: EventTypeFlags = EventTypeFlags::READY.union(EventTypeFlags::INTERACTION_CREATE);

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let guild = settings
            .guild_id
            .ok_or("set DISCORD_GUILD_ID: /timeout is registered in that guild only")?;
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .modal(on_submit)
            // The original's `on_error`.
            .error_message(OOPS)
            .build()?;
        http.interaction(application_id)
            .set_guild_commands(guild, &[TimeoutCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `/timeout member` opens the form for that member.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        let Some(options) = commands::slash::<TimeoutCommand>(&ctx)? else {
            return Ok(());
        };
        // A `discord.Member` parameter: a user who is not a member fails the
        // command, unanswered, as in discord.py.
        if options.member.member.is_none() {
            return Err("the member option names a user who is not a member".into());
        }
        let form = TimeoutModal {
            member: options.member.resolved.id,
            duration: String::new(),
            reason: String::new(),
        };
        ctx.open_modal(&form).await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<TimeoutBot>().await
}
