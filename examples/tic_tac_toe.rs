//! Tic Tac Toe (discord.py's `examples/views/tic_tac_toe.py`): `$tic` (or
//! `@bot tic`, or the `/tic` slash command) posts "Tic Tac Toe: X goes
//! first" with a 3x3 board of grey buttons. Anyone may play, as in the
//! original: X and O take turns, a played cell turns into a red X or a
//! green O and is disabled, and the message says whose turn it is. Three
//! in a row ends the game with "X won!" or "O won!", a full board with
//! "It's a tie!", and the whole board is disabled.
//!
//! Unlike the original, a game is persistent: its board is stored
//! (`DATABASE_URL`) and bound to its message, so it survives a restart of
//! the bot mid-game.
//!
//! ```console
//! $ cargo run --example tic_tac_toe
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{Reply, ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The text of a new game.
pub const TEXT: &str = "Tic Tac Toe: X goes first";

/// What an empty cell shows: a zero-width space, as in the original (a
/// button needs a label).
pub const EMPTY: &str = "\u{200b}";

/// A player, and the mark on their cells.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Player {
    /// Plays first; red cells.
    #[default]
    X,
    /// Green cells.
    O,
}

impl Player {
    /// The mark, and the player's name in the messages.
    pub fn mark(self) -> &'static str {
        match self {
            Self::X => "X",
            Self::O => "O",
        }
    }

    fn other(self) -> Self {
        match self {
            Self::X => Self::O,
            Self::O => Self::X,
        }
    }
}

/// How a game ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Three in a row.
    Won(Player),
    /// A full board and no row.
    Tie,
}

/// The eight lines of three cells, as `(x, y)`: rows, columns, diagonals.
const LINES: [[(usize, usize); 3]; 8] = [
    [(0, 0), (1, 0), (2, 0)],
    [(0, 1), (1, 1), (2, 1)],
    [(0, 2), (1, 2), (2, 2)],
    [(0, 0), (0, 1), (0, 2)],
    [(1, 0), (1, 1), (1, 2)],
    [(2, 0), (2, 1), (2, 2)],
    [(2, 0), (1, 1), (0, 2)],
    [(0, 0), (1, 1), (2, 2)],
];

/// A game: the board and whose turn it is, stored after every move.
///
/// The nine cells are nine `#[button]`s with custom_ids `tictactoe:X:Y`
/// (the column, then the row), each handing its cell to [`Self::play`]. A
/// custom_id template (`tictactoe:{x}:{y}`) would route them to one
/// handler, but a templated item renders a single button from the view's
/// fields, and the board needs nine.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub struct TicTacToe {
    /// The cells row by row: `board[y][x]`.
    pub board: [[Option<Player>; 3]; 3],
    /// Whose turn it is.
    pub current_player: Player,
}

#[view]
impl TicTacToe {
    #[button(
        custom_id = "tictactoe:0:0",
        row = 0,
        label = self.label(0, 0),
        style = self.style(0, 0),
        disabled = self.is_disabled(0, 0),
    )]
    async fn cell_0_0(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 0, 0).await
    }

    #[button(
        custom_id = "tictactoe:1:0",
        row = 0,
        label = self.label(1, 0),
        style = self.style(1, 0),
        disabled = self.is_disabled(1, 0),
    )]
    async fn cell_1_0(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 1, 0).await
    }

    #[button(
        custom_id = "tictactoe:2:0",
        row = 0,
        label = self.label(2, 0),
        style = self.style(2, 0),
        disabled = self.is_disabled(2, 0),
    )]
    async fn cell_2_0(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 2, 0).await
    }

    #[button(
        custom_id = "tictactoe:0:1",
        row = 1,
        label = self.label(0, 1),
        style = self.style(0, 1),
        disabled = self.is_disabled(0, 1),
    )]
    async fn cell_0_1(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 0, 1).await
    }

    #[button(
        custom_id = "tictactoe:1:1",
        row = 1,
        label = self.label(1, 1),
        style = self.style(1, 1),
        disabled = self.is_disabled(1, 1),
    )]
    async fn cell_1_1(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 1, 1).await
    }

    #[button(
        custom_id = "tictactoe:2:1",
        row = 1,
        label = self.label(2, 1),
        style = self.style(2, 1),
        disabled = self.is_disabled(2, 1),
    )]
    async fn cell_2_1(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 2, 1).await
    }

    #[button(
        custom_id = "tictactoe:0:2",
        row = 2,
        label = self.label(0, 2),
        style = self.style(0, 2),
        disabled = self.is_disabled(0, 2),
    )]
    async fn cell_0_2(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 0, 2).await
    }

    #[button(
        custom_id = "tictactoe:1:2",
        row = 2,
        label = self.label(1, 2),
        style = self.style(1, 2),
        disabled = self.is_disabled(1, 2),
    )]
    async fn cell_1_2(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 1, 2).await
    }

    #[button(
        custom_id = "tictactoe:2:2",
        row = 2,
        label = self.label(2, 2),
        style = self.style(2, 2),
        disabled = self.is_disabled(2, 2),
    )]
    async fn cell_2_2(&mut self, ctx: ViewContext) -> ViewResult {
        self.play(&ctx, 2, 2).await
    }
}

impl TicTacToe {
    /// Puts the current player's mark on cell `(x, y)` and shows the board
    /// and whose turn it is, or the end of the game.
    async fn play(&mut self, ctx: &ViewContext, x: usize, y: usize) -> ViewResult {
        // A played cell (or a finished board) is disabled, so only a
        // forged click gets here; like the original, nothing changes.
        if self.is_disabled(x, y) {
            return Ok(());
        }
        let player = self.current_player;
        self.board[y][x] = Some(player);
        self.current_player = player.other();
        let content = match self.outcome() {
            None => format!("It is now {}'s turn", self.current_player.mark()),
            Some(outcome) => {
                // Over: the board renders disabled; its stored row goes.
                ctx.stop();
                match outcome {
                    Outcome::Won(winner) => format!("{} won!", winner.mark()),
                    Outcome::Tie => "It's a tie!".to_owned(),
                }
            }
        };
        ctx.update(Reply::new().content(content).components(self.components()))
            .await
    }

    /// Who won, a tie, or `None` while the game goes on.
    pub fn outcome(&self) -> Option<Outcome> {
        let cell = |(x, y): (usize, usize)| self.board[y][x];
        for line in LINES {
            let [a, b, c] = line.map(cell);
            if let Some(player) = a
                && a == b
                && b == c
            {
                return Some(Outcome::Won(player));
            }
        }
        let full = self.board.iter().flatten().all(Option::is_some);
        full.then_some(Outcome::Tie)
    }

    fn label(&self, x: usize, y: usize) -> &'static str {
        self.board[y][x].map_or(EMPTY, Player::mark)
    }

    fn style(&self, x: usize, y: usize) -> ButtonStyle {
        match self.board[y][x] {
            None => ButtonStyle::Secondary,
            Some(Player::X) => ButtonStyle::Danger,
            Some(Player::O) => ButtonStyle::Success,
        }
    }

    fn is_disabled(&self, x: usize, y: usize) -> bool {
        self.board[y][x].is_some() || self.outcome().is_some()
    }
}

/// `/tic`: the slash command doing what `$tic` does.
#[derive(CommandModel, CreateCommand)]
#[command(name = "tic", desc = "Starts a tic-tac-toe game with yourself.")]
pub struct TicCommand;

/// The tic-tac-toe bot.
pub struct TicTacToeBot;

impl GatewayBot for TicTacToeBot {
    const NAME: &'static str = "tic_tac_toe";
    const TRY: &'static [Try] = &[
        Try::Post("$tic"),
        Try::Command("tic"),
        Try::Click("tictactoe:1:1", "the middle cell"),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            // Bound to one message each, kept in the store.
            .stored_view::<TicTacToe>()
            .build()?;
        http.interaction(application_id)
            .set_global_commands(&[TicCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `$tic` posts a new game and binds it to its message.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::arguments(&message.content, commands::PREFIX, me, "tic").is_none() {
            return Ok(());
        }
        let game = TicTacToe::default();
        let sent = bot
            .http
            .create_message(message.channel_id)
            .content(TEXT)
            .components(&game.components())
            .await?
            .model()
            .await?;
        bot.router.bind(sent.id, game).await?;
        Ok(())
    }

    /// `/tic` answers with a new game, bound to the reply and stored.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        if commands::slash::<TicCommand>(&ctx)?.is_none() {
            return Ok(());
        }
        ctx.respond_with_view(TEXT, TicTacToe::default()).await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<TicTacToeBot>().await
}
