//! tic_tac_toe: `$tic`, five moves, X wins on the diagonal.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/tic_tac_toe.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use super::{open, sandbox, save_chat, send, wait_for_transcript};
use crate::common::click_css;

/// The message's line for `text` over `board` (rows of X, O or a space),
/// every cell disabled once `over`.
fn board_line(text: &str, board: [&str; 3], over: bool) -> String {
    let cells: Vec<String> = board
        .iter()
        .flat_map(|row| row.chars())
        .map(|cell| match (cell, over) {
            ('X', _) => "[X danger disabled]".to_owned(),
            ('O', _) => "[O success disabled]".to_owned(),
            (_, false) => format!("[{} secondary]", example::EMPTY),
            (_, true) => format!("[{} secondary disabled]", example::EMPTY),
        })
        .collect();
    format!("sandbox-bot: {text} {}", cells.join(" "))
}

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, TicTacToeBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "$tic").await;
    wait_for_transcript(
        browser,
        &["alice: $tic", &board_line(example::TEXT, ["   "; 3], false)],
    )
    .await;
    // Cells as x:y; each move waits for the board it makes.
    let moves = [
        ("0:0", "It is now O's turn", ["X  ", "   ", "   "]),
        ("1:0", "It is now X's turn", ["XO ", "   ", "   "]),
        ("1:1", "It is now O's turn", ["XO ", " X ", "   "]),
        ("2:0", "It is now X's turn", ["XOO", " X ", "   "]),
        ("2:2", "X won!", ["XOO", " X ", "  X"]),
    ];
    for (cell, text, board) in moves {
        click_css(browser, &format!("button[data-cid='tictactoe:{cell}']")).await;
        let over = text == "X won!";
        wait_for_transcript(browser, &["alice: $tic", &board_line(text, board, over)]).await;
    }
    save_chat(browser, "tic_tac_toe.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
