//! Select values and resolved entities, from Discord's own example
//! payloads, through the router into handler arguments.
#![allow(clippy::unwrap_used)]

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::json;
use twilight_model::{
    application::interaction::{InteractionChannel, InteractionMember},
    channel::message::{Component, component::ComponentType},
    guild::Role,
    id::{
        Id,
        marker::{ChannelMarker, GenericMarker, RoleMarker, UserMarker},
    },
    user::User,
};
use views_core::{
    AutoDefer, BoxFuture, DispatchOutcome, FromInteraction, HandlerError, HandlerErrorKind,
    HandlerFuture, IntoHandlerResult, ItemSpec, SourceLocation, View, ViewContext, ViewOptions,
    render::CustomIds,
};
use views_testkit::discord::*;
use views_testkit::entry::entry;

/// Every test of this suite again, each interaction read from its JSON text
/// by the routing-only parse (`RawInteraction`) instead of dispatched
/// parsed.
#[test]
fn through_the_raw_entry() {
    views_testkit::entry::rerun_through_raw_entry("through_the_raw_entry");
}

/// What the handlers extracted, one line per click.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

struct Selects {
    log: Log,
}

const HERE: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

impl ViewOptions for Selects {
    const NAME: &'static str = "Selects";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
}

fn extract<T: FromInteraction>(ctx: &ViewContext) -> Result<T, HandlerError> {
    T::from_interaction(ctx)
}

fn done(ctx: ViewContext) -> BoxFuture<'static, Result<(), HandlerError>> {
    Box::pin(async move { ctx.respond_ephemeral("ok").await.into_handler_result() })
}

fn strings(view: &mut Selects, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let values: Vec<String> = extract(&ctx)?;
        view.log.push(format!("strings {values:?}"));
        done(ctx).await
    }))
}

fn users(view: &mut Selects, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let ids: Vec<Id<UserMarker>> = extract(&ctx)?;
        let users: Vec<User> = extract(&ctx)?;
        let members: Vec<InteractionMember> = extract(&ctx)?;
        let names: Vec<_> = users.iter().map(|user| user.name.as_str()).collect();
        let joined: Vec<_> = members
            .iter()
            .map(|member| member.joined_at.map(|at| at.iso_8601().to_string()))
            .collect();
        view.log.push(format!(
            "users {ids:?} {names:?} {joined:?} {}",
            members[0].roles[0]
        ));
        done(ctx).await
    }))
}

fn roles(view: &mut Selects, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let ids: Vec<Id<RoleMarker>> = extract(&ctx)?;
        let roles: Vec<Role> = extract(&ctx)?;
        let names: Vec<_> = roles
            .iter()
            .map(|role| format!("{}/{}", role.name, role.colors.primary_color))
            .collect();
        view.log.push(format!("roles {ids:?} {names:?}"));
        done(ctx).await
    }))
}

fn channels(view: &mut Selects, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let ids: Vec<Id<ChannelMarker>> = extract(&ctx)?;
        let channels: Vec<InteractionChannel> = extract(&ctx)?;
        let names: Vec<_> = channels
            .iter()
            .map(|channel| format!("{}/{:?}", channel.name, channel.parent_id))
            .collect();
        view.log.push(format!("channels {ids:?} {names:?}"));
        done(ctx).await
    }))
}

fn mentionables(view: &mut Selects, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let ids: Vec<Id<GenericMarker>> = extract(&ctx)?;
        let users = extract::<Vec<User>>(&ctx)
            .map(|users| users.into_iter().map(|user| user.name).collect::<Vec<_>>())
            .map_err(|error| error.to_string());
        let roles = extract::<Vec<Role>>(&ctx)
            .map(|roles| roles.into_iter().map(|role| role.name).collect::<Vec<_>>())
            .map_err(|error| error.to_string());
        view.log.push(format!(
            "mentionables {ids:?} users={users:?} roles={roles:?}"
        ));
        done(ctx).await
    }))
}

const fn select(
    custom_id: &'static str,
    name: &'static str,
    component_type: ComponentType,
    handler: views_core::Handler<Selects>,
) -> ItemSpec<Selects> {
    ItemSpec {
        custom_id: Some(custom_id),
        name,
        component_type,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler,
        defined_at: HERE,
    }
}

// The custom_ids are the ones of Discord's examples.
static SELECT_ITEMS: [ItemSpec<Selects>; 5] = [
    select(
        "favorite_bug",
        "strings",
        ComponentType::TextSelectMenu,
        strings,
    ),
    select("user_select", "users", ComponentType::UserSelectMenu, users),
    select("role_ids", "roles", ComponentType::RoleSelectMenu, roles),
    select(
        "notification_channel",
        "channels",
        ComponentType::ChannelSelectMenu,
        channels,
    ),
    select(
        "who_to_ping",
        "mentionables",
        ComponentType::MentionableSelectMenu,
        mentionables,
    ),
];

impl View for Selects {
    fn items() -> &'static [ItemSpec<Self>] {
        &SELECT_ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        Vec::new()
    }
}

async fn setup() -> (FakeDiscord, views_core::ViewRouter, Log) {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Selects>().build().unwrap();
    let log = Log::default();
    router.add_view(Selects { log: log.clone() }).unwrap();
    (discord, router, log)
}

async fn choose(router: &views_core::ViewRouter, data: serde_json::Value) -> DispatchOutcome {
    router
        .dispatch(entry(parse(interaction_json(data, Some(900), USER_ID))))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_select_kind_extracts_values_and_resolved_entities() {
    let (discord, router, log) = setup().await;
    let cases = [
        (
            "string-select-message-interaction-data-example.json",
            "strings",
            r#"strings ["butterfly"]"#,
        ),
        (
            "user-select-message-interaction-data-example.json",
            "users",
            r#"users [Id<UserMarker>(1111111111111111111)] ["ExampleBot"] [Some("2025-05-16T22:51:16.692000+00:00")] 2222222222222222222"#,
        ),
        (
            "role-select-message-interaction-data-example.json",
            "roles",
            r#"roles [Id<RoleMarker>(222222222222222222)] ["Developer/12745742"]"#,
        ),
        (
            "channel-select-message-interaction-data-example.json",
            "channels",
            r#"channels [Id<ChannelMarker>(333333333333333333)] ["playtesting/Some(Id<ChannelMarker>(5555555555555555))"]"#,
        ),
    ];
    for (file, item, expected) in cases {
        let outcome = choose(&router, fixture_data(file)).await;
        assert!(
            matches!(outcome, DispatchOutcome::Handled { view: "Selects", item: handled } if handled == item),
            "{file}: {outcome:?}"
        );
        assert_eq!(log.take(), vec![expected.to_owned()], "{file}");
    }
    assert_eq!(discord.requests().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentionable_selects_split_users_and_roles() {
    let (_discord, router, log) = setup().await;

    // Discord's example as published: its values do not match its resolved
    // user key (18 vs 19 digits). Ids still extract; users/roles say why not.
    let data = fixture_data("mentionable-select-message-interaction-data-example.json");
    assert!(choose(&router, data.clone()).await.is_handled());
    let line = log.take().remove(0);
    assert!(
        line.starts_with(
            "mentionables [Id<GenericMarker>(111111111111111111), Id<GenericMarker>(222222222222222222)]"
        ),
        "{line}"
    );
    assert!(
        line.contains("users=Err(\"handler argument unavailable: user 111111111111111111 is chosen but not in the resolved data\")"),
        "{line}"
    );

    // The same payload with the user's id as Discord really sends it: the
    // user and the role come out of one select, each from its own map.
    let mut fixed = data;
    fixed["values"] = json!(["1111111111111111111", "222222222222222222"]);
    assert!(choose(&router, fixed).await.is_handled());
    let line = log.take().remove(0);
    assert!(
        line.ends_with(r#"users=Ok(["ExampleBot"]) roles=Ok(["Developer"])"#),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_values_fail_with_a_clear_extract_error() {
    let (discord, router, log) = setup().await;

    let mut data = fixture_data("user-select-message-interaction-data-example.json");
    data["values"] = json!(["not-a-snowflake"]);
    match choose(&router, data).await {
        DispatchOutcome::Failed { item, error, .. } => {
            assert_eq!(item, "users");
            match error.kind() {
                HandlerErrorKind::Extract { reason } => assert_eq!(
                    reason,
                    r#"select value "not-a-snowflake" is not a valid user id"#
                ),
                other => panic!("unexpected {other:?}"),
            }
        }
        other => panic!("unexpected {other:?}"),
    }

    // A value Discord did not resolve.
    let mut data = fixture_data("role-select-message-interaction-data-example.json");
    data["values"] = json!(["999"]);
    match choose(&router, data).await {
        DispatchOutcome::Failed { error, .. } => assert_eq!(
            error.to_string(),
            "handler argument unavailable: role 999 is chosen but not in the resolved data"
        ),
        other => panic!("unexpected {other:?}"),
    }

    // No resolved data at all.
    let mut data = fixture_data("channel-select-message-interaction-data-example.json");
    data.as_object_mut().unwrap().remove("resolved");
    match choose(&router, data).await {
        DispatchOutcome::Failed { error, .. } => assert_eq!(
            error.to_string(),
            "handler argument unavailable: the interaction carries no resolved channels"
        ),
        other => panic!("unexpected {other:?}"),
    }

    // Nothing chosen is an empty list, not an error.
    let mut data = fixture_data("channel-select-message-interaction-data-example.json");
    data["values"] = json!([]);
    data.as_object_mut().unwrap().remove("resolved");
    assert!(choose(&router, data).await.is_handled());
    assert_eq!(log.take(), vec!["channels [] []".to_owned()]);

    // Each failure was apologised for; nothing else was logged.
    let apologies = discord
        .requests()
        .iter()
        .filter(|request| request.content() == Some(views_core::context::DEFAULT_ERROR_MESSAGE))
        .count();
    assert_eq!(apologies, 3);
}
