//! `examples/tic_tac_toe.rs`: a game from `$tic` that X wins across a
//! restart of the bot, a tie from `/tic`, the board after every move, a
//! forged click on a played cell that changes nothing, and a click on a
//! finished game; the winner of every line.

#[allow(dead_code)]
#[path = "../../examples/tic_tac_toe.rs"]
pub mod example;

use example::{
    EMPTY, Outcome, Player, TEXT, TicTacToe, TicTacToeBot,
    support::{RunningBot, Settings, spawn},
};
use serde_json::json;
use twilight_model::{
    application::interaction::Interaction,
    channel::message::{Component, Message, component::ButtonStyle},
    id::{
        Id,
        marker::{MessageMarker, UserMarker},
    },
};
use twilight_views::{DispatchOutcome, router::DEFAULT_UNAVAILABLE_MESSAGE};
use views_sandbox::{ReplyKind, Sandbox};

use crate::{ButtonState, button_states, current, ephemeral, support};
use support::{TempDb, WAIT, answer, click, post_and_wait, user, wait_bound};

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<TicTacToeBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// Checks `message`: its text, and the board drawn by `rows` (`X`, `O` or
/// `.` per cell, top row first), every cell disabled once `over`.
fn assert_board(message: &Message, content: &str, rows: [&str; 3], over: bool) {
    assert_eq!(message.content, content);
    // Three rows of three.
    let shape: Vec<usize> = message
        .components
        .iter()
        .map(|row| match row {
            Component::ActionRow(row) => row.components.len(),
            other => panic!("not a row: {other:?}"),
        })
        .collect();
    assert_eq!(shape, [3, 3, 3]);
    let mut expected = Vec::new();
    for (y, row) in rows.iter().enumerate() {
        for (x, mark) in row.chars().enumerate() {
            let (label, style, played) = match mark {
                'X' => ("X", ButtonStyle::Danger, true),
                'O' => ("O", ButtonStyle::Success, true),
                _ => (EMPTY, ButtonStyle::Secondary, false),
            };
            expected.push(ButtonState {
                label: label.to_owned(),
                style,
                disabled: played || over,
                emoji: None,
                target: format!("tictactoe:{x}:{y}"),
            });
        }
    }
    assert_eq!(button_states(message), expected, "{content}");
}

/// `user` plays cell `(x, y)` of `game`; checks the board that follows.
async fn play(
    sandbox: &Sandbox,
    game: Id<MessageMarker>,
    user: Id<UserMarker>,
    (x, y): (usize, usize),
    content: &str,
    rows: [&str; 3],
) {
    let reply = click(sandbox, game, &format!("tictactoe:{x}:{y}"), user).await;
    assert_eq!(
        reply.kind,
        ReplyKind::Callback { response_type: 7 },
        "the move edits the board"
    );
    let over = !content.starts_with("It is now");
    assert_board(&current(sandbox, game), content, rows, over);
}

/// A click on `custom_id` of `game` that the Discord client would not send
/// (the button is disabled), by `user`, handed to `bot`'s router.
async fn forged_click(
    sandbox: &Sandbox,
    bot: &RunningBot,
    game: &Message,
    custom_id: &str,
    user: Id<UserMarker>,
) -> (DispatchOutcome, views_sandbox::Reply) {
    let data = json!({"custom_id": custom_id, "component_type": 2});
    let mut interaction =
        views_testkit::discord::interaction_json(data, Some(game.id.get()), user.get());
    interaction["application_id"] = json!(sandbox.application_id().to_string());
    interaction["guild_id"] = json!(game.guild_id.map(|id| id.to_string()));
    interaction["channel_id"] = json!(game.channel_id.to_string());
    let interaction: Interaction = serde_json::from_value(interaction).expect("an interaction");
    let id = interaction.id;
    sandbox.adopt_interaction(&interaction).expect("adopted");
    let outcome = bot.bot.router.dispatch(interaction).await;
    let reply = sandbox.wait_reply(id, WAIT).await.expect("an answer");
    (outcome, reply)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_wins_a_game_that_outlives_a_restart() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("tic-tac-toe");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;

    let game = post_and_wait(&sandbox, alice, "$tic", TEXT).await;
    assert_board(&game, TEXT, ["...", "...", "..."], false);
    wait_bound(&bot.bot.router, game.id).await;

    // Anyone may play, as in the original ("with yourself").
    let turn_o = "It is now O's turn";
    let turn_x = "It is now X's turn";
    play(
        &sandbox,
        game.id,
        alice,
        (0, 0),
        turn_o,
        ["X..", "...", "..."],
    )
    .await;
    play(
        &sandbox,
        game.id,
        bob,
        (1, 1),
        turn_x,
        ["X..", ".O.", "..."],
    )
    .await;
    play(
        &sandbox,
        game.id,
        alice,
        (1, 0),
        turn_o,
        ["XX.", ".O.", "..."],
    )
    .await;

    // Mid-game restart: the board comes back from the store.
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox, &db).await;

    // A played cell is disabled: the client does not click it, and a
    // forged click is acknowledged and changes nothing (still O's turn).
    assert!(sandbox.click(game.id, "tictactoe:0:0", bob).is_err());
    let (outcome, reply) = forged_click(&sandbox, &bot, &game, "tictactoe:0:0", bob).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(reply.kind, ReplyKind::Callback { response_type: 6 });
    assert_board(
        &current(&sandbox, game.id),
        turn_o,
        ["XX.", ".O.", "..."],
        false,
    );

    play(
        &sandbox,
        game.id,
        bob,
        (2, 2),
        turn_x,
        ["XX.", ".O.", "..O"],
    )
    .await;
    play(
        &sandbox,
        game.id,
        alice,
        (2, 0),
        "X won!",
        ["XXX", ".O.", "..O"],
    )
    .await;

    // Over: the view stopped and its stored row is gone; a forged click on
    // the disabled board gets the router's notice.
    let store = bot.bot.router.store();
    tokio::time::timeout(WAIT, async {
        // Deleted after the reply went out.
        while store.load(game.id.get()).await.expect("store").is_some() {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the game's row is deleted");
    let (_, reply) = forged_click(&sandbox, &bot, &game, "tictactoe:0:1", bob).await;
    assert_eq!(ephemeral(&reply), DEFAULT_UNAVAILABLE_MESSAGE);
    assert_board(
        &current(&sandbox, game.id),
        "X won!",
        ["XXX", ".O.", "..O"],
        true,
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_slash_command_starts_a_game_that_ends_in_a_tie() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("tic-tac-toe-tie");
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox, &db).await;

    let reply = support::run_command(&sandbox, alice, "tic").await;
    assert_eq!(answer(&reply), (TEXT, false));
    let game = reply.message.expect("the answer is a message");
    assert_board(&game, TEXT, ["...", "...", "..."], false);

    let moves = [
        ((0, 0), ["X..", "...", "..."]),
        ((1, 0), ["XO.", "...", "..."]),
        ((2, 0), ["XOX", "...", "..."]),
        ((1, 1), ["XOX", ".O.", "..."]),
        ((0, 1), ["XOX", "XO.", "..."]),
        ((2, 1), ["XOX", "XOO", "..."]),
        ((1, 2), ["XOX", "XOO", ".X."]),
        ((0, 2), ["XOX", "XOO", "OX."]),
    ];
    for (index, (cell, rows)) in moves.into_iter().enumerate() {
        let next = if index % 2 == 0 { "O" } else { "X" };
        let content = format!("It is now {next}'s turn");
        play(&sandbox, game.id, alice, cell, &content, rows).await;
    }
    play(
        &sandbox,
        game.id,
        alice,
        (2, 2),
        "It's a tie!",
        ["XOX", "XOO", "OXX"],
    )
    .await;

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

/// A game with `player` on `cells` (`(x, y)`) and nothing else.
fn with(player: Player, cells: &[(usize, usize)]) -> TicTacToe {
    let mut game = TicTacToe::default();
    for &(x, y) in cells {
        game.board[y][x] = Some(player);
    }
    game
}

#[test]
fn every_line_wins_for_either_player() {
    let lines = [
        [(0, 0), (1, 0), (2, 0)],
        [(0, 1), (1, 1), (2, 1)],
        [(0, 2), (1, 2), (2, 2)],
        [(0, 0), (0, 1), (0, 2)],
        [(1, 0), (1, 1), (1, 2)],
        [(2, 0), (2, 1), (2, 2)],
        [(0, 0), (1, 1), (2, 2)],
        [(2, 0), (1, 1), (0, 2)],
    ];
    for player in [Player::X, Player::O] {
        for line in lines {
            assert_eq!(
                with(player, &line).outcome(),
                Some(Outcome::Won(player)),
                "{line:?}"
            );
            // Two of a line are not a win.
            assert_eq!(with(player, &line[..2]).outcome(), None, "{line:?}");
        }
    }
    // Three in a bent row are not either.
    assert_eq!(with(Player::X, &[(0, 0), (1, 0), (2, 1)]).outcome(), None);
    assert_eq!(TicTacToe::default().outcome(), None);
}
