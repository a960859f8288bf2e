#!/usr/bin/env python3
"""Compile-time cost of the macros, against the same bot written by hand.

Generates two bot crates into target/compile-time/ (a workspace of their
own, with their own target dir, so the measurement neither waits for nor
disturbs the repository's builds):

- `ct-views`: 100 `#[view(persistent)]` views of 5 items each (4 buttons,
  one string select; one of the buttons `&mut self`), registered on a
  `ViewRouter` that the event loop dispatches to; unbound views, so no
  serde derives (the hand-written bot stores nothing either);
- `ct-hand`: the same 500 handlers as plain `async fn`s behind one `match`
  on the custom_id, the same components built from twilight-model structs,
  the same replies sent with twilight-http.

Both have the same module layout (10 files of 10 views) and event loop.
After building the dependencies once, it times, for each crate:

- a clean build of the crate alone (`cargo clean -p CRATE`, its
  incremental cache removed, then `cargo build -p CRATE`);
- an incremental rebuild after changing the text of one handler.

twilight-views is built from a snapshot of the last commit (`git archive
HEAD`, in target/compile-time/source), so other work in progress in the
checkout neither breaks nor skews the measurement; `--tree` builds the
working tree instead (to measure an uncommitted change of the macros).

With `--ir`, instead of timing, it emits each crate's LLVM IR (a clean
debug build with `--emit=llvm-ir`, stable rustc) and prints how many IR
lines each crate's functions account for: where the code generation time
goes, by the crate that owns the (possibly generic) function.

Usage: python3 benches/compile_time/run.py [--runs N] [--release] [--tree] [--ir]
Prints a table (median of N runs, default 3) and the ratio views/hand.
"""

import argparse
import collections
import re
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "target" / "compile-time"
VIEWS = 100
MODULES = 10  # files of VIEWS / MODULES views each
EDITED_VIEW = 55  # the view whose handler the incremental run edits
EDIT_MARK = "EDIT"  # the edited handler's text contains this, then a number

DEPENDENCIES = """\
tokio = { version = "1", default-features = false, features = ["rt-multi-thread", "macros"] }
twilight-model = "0.18"
twilight-http = { version = "0.18", default-features = false }
twilight-gateway = { version = "0.18", default-features = false, features = ["twilight-http"] }
"""

EVENT_LOOP = """\
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let token = std::env::var("DISCORD_TOKEN")?;
    let http = Arc::new(Client::new(token.clone()));
    let application_id = http.current_user_application().await?.model().await?.id;
    let bot = setup(http.clone(), application_id)?;
    let intents = Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT;
    let mut shard = Shard::new(ShardId::ONE, token, intents);
    while let Some(item) = shard.next_event(EventTypeFlags::all()).await {
        let Ok(event) = item else { continue };
        match event {
            Event::InteractionCreate(interaction) => {
                let bot = bot.clone();
                tokio::spawn(async move { on_interaction(&bot, interaction.0).await });
            }
            Event::MessageCreate(message) => {
                // "!view 12" sends view 12.
                let Some(number) = message.content.strip_prefix("!view ") else { continue };
                let Some(components) = number.trim().parse().ok().and_then(views::components) else {
                    continue;
                };
                http.create_message(message.channel_id)
                    .content("Here it is.")
                    .components(&components)
                    .await?;
            }
            _ => {}
        }
    }
    Ok(())
}
"""


def views_module(first: int, count: int) -> str:
    """`count` views made with the macros, numbered from `first`."""
    out = ["use twilight_views::prelude::*;\n"]
    for i in range(first, first + count):
        out.append(f"""
#[view(persistent)]
#[derive(Default)]
pub struct View{i} {{
    count: u64,
}}

#[view]
impl View{i} {{
    #[button(custom_id = "v{i}:a", label = "Alpha {i}", style = "primary")]
    async fn alpha(&self, ctx: ViewContext) -> ViewResult {{
        ctx.respond_ephemeral("view {i}: alpha").await
    }}

    #[button(custom_id = "v{i}:b", label = "Beta {i}", style = "secondary")]
    async fn beta(&self, ctx: ViewContext) -> ViewResult {{
        ctx.respond_ephemeral("view {i}: beta").await
    }}

    #[button(custom_id = "v{i}:c", label = "Gamma {i}", style = "success")]
    async fn gamma(&self, ctx: ViewContext) -> ViewResult {{
        ctx.respond_ephemeral(format!("view {i}: gamma for {{:?}}", ctx.user_id())).await
    }}

    #[button(custom_id = "v{i}:n", label = "Count {i}", style = "danger")]
    async fn count(&mut self, ctx: ViewContext) -> ViewResult {{
        self.count += 1;
        ctx.respond_ephemeral(format!("view {i}: {{}}", self.count)).await
    }}

    #[select(custom_id = "v{i}:s", placeholder = "Pick {i}", options = [
        option(label = "One", value = "1"),
        option(label = "Two", value = "2"),
        option(label = "Three", value = "3"),
    ])]
    async fn pick(&self, ctx: ViewContext, values: Vec<String>) -> ViewResult {{
        ctx.respond_ephemeral(format!("view {i}: picked {{}}", values.join(", "))).await
    }}
}}
""")
    return "".join(out)


def hand_module(first: int, count: int) -> str:
    """The same views written by hand: render functions and handlers."""
    out = [
        "use std::sync::atomic::{AtomicU64, Ordering};\n\n",
        "use twilight_model::channel::message::{Component, component::ButtonStyle};\n\n",
        "use crate::{Bot, BoxError, Click, button, row, select};\n",
    ]
    for i in range(first, first + count):
        out.append(f"""
static COUNT_{i}: AtomicU64 = AtomicU64::new(0);

pub fn render_{i}() -> Vec<Component> {{
    vec![
        row(vec![
            button("v{i}:a", "Alpha {i}", ButtonStyle::Primary),
            button("v{i}:b", "Beta {i}", ButtonStyle::Secondary),
            button("v{i}:c", "Gamma {i}", ButtonStyle::Success),
            button("v{i}:n", "Count {i}", ButtonStyle::Danger),
        ]),
        row(vec![select("v{i}:s", "Pick {i}", &[("One", "1"), ("Two", "2"), ("Three", "3")])]),
    ]
}}

pub async fn v{i}_alpha(bot: &Bot, click: &Click<'_>) -> Result<(), BoxError> {{
    bot.respond_ephemeral(click, "view {i}: alpha".to_owned()).await
}}

pub async fn v{i}_beta(bot: &Bot, click: &Click<'_>) -> Result<(), BoxError> {{
    bot.respond_ephemeral(click, "view {i}: beta".to_owned()).await
}}

pub async fn v{i}_gamma(bot: &Bot, click: &Click<'_>) -> Result<(), BoxError> {{
    let user_id = click.user_id();
    bot.respond_ephemeral(click, format!("view {i}: gamma for {{user_id:?}}")).await
}}

pub async fn v{i}_count(bot: &Bot, click: &Click<'_>) -> Result<(), BoxError> {{
    let count = COUNT_{i}.fetch_add(1, Ordering::Relaxed) + 1;
    bot.respond_ephemeral(click, format!("view {i}: {{count}}")).await
}}

pub async fn v{i}_pick(bot: &Bot, click: &Click<'_>) -> Result<(), BoxError> {{
    let picked = click.data.values.join(", ");
    bot.respond_ephemeral(click, format!("view {i}: picked {{picked}}")).await
}}
""")
    return "".join(out)


def views_main() -> str:
    register = "".join(f"        .view::<views::View{i}>()\n" for i in range(VIEWS))
    add = "".join(f"    router.add_view(views::View{i}::default())?;\n" for i in range(VIEWS))
    return f"""\
//! Generated by benches/compile_time/run.py: {VIEWS} views made with the macros.
mod views;

use std::sync::Arc;

use twilight_gateway::{{Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt as _}};
use twilight_http::Client;
use twilight_model::{{application::interaction::Interaction, id::{{Id, marker::ApplicationMarker}}}};
use twilight_views::ViewRouter;

type Bot = ViewRouter;

fn setup(http: Arc<Client>, application_id: Id<ApplicationMarker>) -> Result<Bot, BoxError> {{
    let router = ViewRouter::builder(http, application_id)
{register}        .build()?;
{add}    Ok(router)
}}

async fn on_interaction(router: &ViewRouter, interaction: Interaction) {{
    let outcome = router.dispatch(interaction).await;
    if !outcome.is_handled() {{
        eprintln!("not handled: {{outcome:?}}");
    }}
}}

{EVENT_LOOP}"""


def views_mod() -> str:
    mods = "".join(f"mod m{m};\n" for m in range(MODULES))
    uses = "".join(f"pub use m{m}::*;\n" for m in range(MODULES))
    arms = "".join(
        f"        {i} => View{i}::default().components(),\n" for i in range(VIEWS)
    )
    return f"""\
{mods}
{uses}
use twilight_model::channel::message::Component;
use twilight_views::View as _;

/// The components of view `number`, to send.
pub fn components(number: usize) -> Option<Vec<Component>> {{
    Some(match number {{
{arms}        _ => return None,
    }})
}}
"""


def hand_main() -> str:
    arms = []
    for i in range(VIEWS):
        for item, name in (("a", "alpha"), ("b", "beta"), ("c", "gamma"), ("n", "count"), ("s", "pick")):
            arms.append(f'        "v{i}:{item}" => views::v{i}_{name}(bot, &click).await,\n')
    return f"""\
//! Generated by benches/compile_time/run.py: the same {VIEWS} views by hand.
mod views;

use std::sync::Arc;

use twilight_gateway::{{Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt as _}};
use twilight_http::Client;
use twilight_model::{{
    application::interaction::{{Interaction, InteractionData, message_component::MessageComponentInteractionData}},
    channel::message::{{
        Component, MessageFlags,
        component::{{ActionRow, Button, ButtonStyle, SelectMenu, SelectMenuOption, SelectMenuType}},
    }},
    http::interaction::{{InteractionResponse, InteractionResponseData, InteractionResponseType}},
    id::{{Id, marker::{{ApplicationMarker, UserMarker}}}},
}};

/// What every handler needs: the client and the application id.
#[derive(Clone)]
pub struct Bot {{
    http: Arc<Client>,
    application_id: Id<ApplicationMarker>,
}}

/// A click: the interaction and its component data.
pub struct Click<'a> {{
    interaction: &'a Interaction,
    pub data: &'a MessageComponentInteractionData,
}}

impl Click<'_> {{
    pub fn user_id(&self) -> Option<Id<UserMarker>> {{
        self.interaction.author_id()
    }}
}}

impl Bot {{
    pub async fn respond_ephemeral(&self, click: &Click<'_>, content: String) -> Result<(), BoxError> {{
        let response = InteractionResponse {{
            kind: InteractionResponseType::ChannelMessageWithSource,
            data: Some(InteractionResponseData {{
                content: Some(content),
                flags: Some(MessageFlags::EPHEMERAL),
                ..Default::default()
            }}),
        }};
        self.http
            .interaction(self.application_id)
            .create_response(click.interaction.id, &click.interaction.token, &response)
            .await?;
        Ok(())
    }}
}}

pub fn row(components: Vec<Component>) -> Component {{
    Component::ActionRow(ActionRow {{ components, id: None }})
}}

pub fn button(custom_id: &str, label: &str, style: ButtonStyle) -> Component {{
    Component::Button(Button {{
        custom_id: Some(custom_id.to_owned()),
        disabled: false,
        emoji: None,
        id: None,
        label: Some(label.to_owned()),
        sku_id: None,
        style,
        url: None,
    }})
}}

pub fn select(custom_id: &str, placeholder: &str, options: &[(&str, &str)]) -> Component {{
    let options = options
        .iter()
        .map(|(label, value)| SelectMenuOption {{
            default: false,
            description: None,
            emoji: None,
            label: (*label).to_owned(),
            value: (*value).to_owned(),
        }})
        .collect();
    Component::SelectMenu(SelectMenu {{
        channel_types: None,
        custom_id: custom_id.to_owned(),
        default_values: None,
        disabled: false,
        id: None,
        kind: SelectMenuType::Text,
        max_values: None,
        min_values: None,
        options: Some(options),
        placeholder: Some(placeholder.to_owned()),
        required: None,
    }})
}}

fn setup(http: Arc<Client>, application_id: Id<ApplicationMarker>) -> Result<Bot, BoxError> {{
    Ok(Bot {{ http, application_id }})
}}

async fn on_interaction(bot: &Bot, interaction: Interaction) {{
    let Some(InteractionData::MessageComponent(data)) = &interaction.data else {{ return }};
    let click = Click {{ interaction: &interaction, data }};
    let result = match data.custom_id.as_str() {{
{"".join(arms)}        other => {{
            eprintln!("not handled: {{other}}");
            return;
        }}
    }};
    if let Err(error) = result {{
        eprintln!("handler failed: {{error}}");
    }}
}}

{EVENT_LOOP}"""


def hand_mod() -> str:
    mods = "".join(f"mod m{m};\n" for m in range(MODULES))
    uses = "".join(f"pub use m{m}::*;\n" for m in range(MODULES))
    arms = "".join(f"        {i} => render_{i}(),\n" for i in range(VIEWS))
    return f"""\
{mods}
{uses}
use twilight_model::channel::message::Component;

/// The components of view `number`, to send.
pub fn components(number: usize) -> Option<Vec<Component>> {{
    Some(match number {{
{arms}        _ => return None,
    }})
}}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def snapshot() -> tuple[Path, str]:
    """The last commit's files in OUT/source (extracted again when HEAD moved)."""
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout.strip()
    source = OUT / "source"
    stamp = source / ".commit"
    if not stamp.exists() or stamp.read_text() != commit:
        if source.exists():
            shutil.rmtree(source)
        source.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=REPO, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
        stamp.write_text(commit)
    return source, commit[:10]


def generate(library: Path) -> None:
    per = VIEWS // MODULES
    write(OUT / "Cargo.toml", "[workspace]\nmembers = [\"views\", \"hand\"]\n# The library snapshot is a workspace of its own.\nexclude = [\"source\"]\nresolver = \"3\"\n")
    # The repository's lock file: the same dependency versions, no network.
    if not (OUT / "Cargo.lock").exists():
        shutil.copy(REPO / "Cargo.lock", OUT / "Cargo.lock")
    write(OUT / "views" / "Cargo.toml", f"""\
[package]
name = "ct-views"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
twilight-views = {{ path = "{library}", default-features = false }}
{DEPENDENCIES}""")
    write(OUT / "hand" / "Cargo.toml", f"""\
[package]
name = "ct-hand"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{DEPENDENCIES}""")
    write(OUT / "views" / "src" / "main.rs", views_main())
    write(OUT / "views" / "src" / "views" / "mod.rs", views_mod())
    write(OUT / "hand" / "src" / "main.rs", hand_main())
    write(OUT / "hand" / "src" / "views" / "mod.rs", hand_mod())
    for m in range(MODULES):
        write(OUT / "views" / "src" / "views" / f"m{m}.rs", views_module(m * per, per))
        write(OUT / "hand" / "src" / "views" / f"m{m}.rs", hand_module(m * per, per))


def cargo(args: list[str], profile: list[str]) -> float:
    """Runs cargo in the generated workspace; returns the wall time in s."""
    env = dict(os.environ, CARGO_TARGET_DIR=str(OUT / "target"))
    start = time.monotonic()
    result = subprocess.run(
        ["cargo", args[0], "--offline", *profile, *args[1:]], cwd=OUT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"cargo {' '.join(args)} failed:\n{result.stderr}")
    return elapsed


def edited_file(crate: str) -> Path:
    return OUT / crate / "src" / "views" / f"m{EDITED_VIEW // (VIEWS // MODULES)}.rs"


def edit_handler(crate: str, run: int) -> None:
    """Changes the text of one handler (view EDITED_VIEW's first button)."""
    path = edited_file(crate)
    text = path.read_text()
    before = f'"view {EDITED_VIEW}: alpha'
    start = text.index(before) + len(before)
    end = text.index('"', start)
    path.write_text(text[:start] + f" {EDIT_MARK} {run}" + text[end:])


def measure(crate: str, runs: int, profile: list[str]) -> tuple[list[float], list[float]]:
    package = f"ct-{crate}"
    cargo(["build", "-p", package], profile)  # dependencies, once
    target = OUT / "target" / ("release" if profile else "debug")
    clean, incremental = [], []
    for run in range(runs):
        cargo(["clean", "-p", package], profile)
        for cache in (target / "incremental").glob(f"{package.replace('-', '_')}-*"):
            shutil.rmtree(cache)
        clean.append(cargo(["build", "-p", package], profile))
        edit_handler(crate, run)
        incremental.append(cargo(["build", "-p", package], profile))
    return clean, incremental


def demangle(symbol: str) -> str:
    """The path of a legacy-mangled Rust symbol, hash and generics dropped."""
    if not symbol.startswith("_ZN"):
        return symbol
    parts, i = [], 3
    while i < len(symbol) and symbol[i] != "E":
        digits = re.match(r"\d+", symbol[i:])
        if not digits:
            break
        i += len(digits.group())
        parts.append(symbol[i:i + int(digits.group())])
        i += int(digits.group())
    path = "::".join(parts)
    for code, char in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ",")):
        path = path.replace(code, char)
    return path


def ir_lines_by_crate(crate: str, profile: list[str]) -> collections.Counter:
    """IR lines of the crate's functions, by the crate owning each function."""
    package = f"ct-{crate}"
    cargo(["build", "-p", package], profile)
    deps = OUT / "target" / ("release" if profile else "debug") / "deps"
    for old in deps.glob(f"{package.replace('-', '_')}-*.ll"):
        old.unlink()
    (OUT / crate / "src" / "main.rs").touch()
    cargo(["rustc", "-p", package, "--", "--emit=llvm-ir"], profile)
    lines: collections.Counter = collections.Counter()
    for path in deps.glob(f"{package.replace('-', '_')}-*.ll"):
        owner = None
        with path.open(errors="replace") as ir:
            for line in ir:
                if line.startswith("define "):
                    symbol = re.search(r'@"?([^"(\s]+)"?\(', line)
                    name = demangle(symbol.group(1)) if symbol else "?"
                    name = re.sub(r"^(_<|&|mut )+", "", name.replace("..", "::"))
                    owner = re.split(r"::|<| ", name, maxsplit=1)[0] or "?"
                elif line.startswith("}"):
                    owner = None
                elif owner:
                    lines[owner] += 1
    return lines


def print_ir(profile: list[str]) -> None:
    counts = {crate: ir_lines_by_crate(crate, profile) for crate in ("views", "hand")}
    owners = sorted(set(counts["views"]) | set(counts["hand"]),
                    key=lambda owner: -(counts["views"][owner] + counts["hand"][owner]))
    print(f"{'IR lines of functions owned by':<32} {'ct-views':>10} {'ct-hand':>10}")
    for owner in owners[:12]:
        print(f"{owner:<32} {counts['views'][owner]:>10} {counts['hand'][owner]:>10}")
    print(f"{'total':<32} {sum(counts['views'].values()):>10} {sum(counts['hand'].values()):>10}")


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--release", action="store_true")
    parser.add_argument("--tree", action="store_true", help="build the working tree, not HEAD")
    parser.add_argument("--ir", action="store_true", help="count LLVM IR lines instead of timing")
    args = parser.parse_args()
    profile = ["--release"] if args.release else []
    library, source = (REPO, "working tree") if args.tree else snapshot()
    generate(library)
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"twilight-views {source}; {rustc}; {os.cpu_count()} cores; {platform.machine()}; "
          f"profile {'release' if args.release else 'dev'}; load before: {loadavg()}")
    if args.ir:
        print_ir(profile)
        return
    results = {crate: measure(crate, args.runs, profile) for crate in ("views", "hand")}
    print(f"load after: {loadavg()}; median of {args.runs} runs, seconds")
    print(f"{'crate':<10} {'clean build':>12} {'incremental':>12}   runs (clean / incremental)")
    for crate, (clean, incremental) in results.items():
        print(f"ct-{crate:<7} {statistics.median(clean):>12.2f} {statistics.median(incremental):>12.2f}   "
              f"{' '.join(f'{t:.2f}' for t in clean)} / {' '.join(f'{t:.2f}' for t in incremental)}")
    views, hand = results["views"], results["hand"]
    print(f"ratio      {statistics.median(views[0]) / statistics.median(hand[0]):>12.2f} "
          f"{statistics.median(views[1]) / statistics.median(hand[1]):>12.2f}   (target: at most 1.5)")


if __name__ == "__main__":
    main()
