//! `label`, `style`, `disabled`, `options`, `url` and `placeholder` may use
//! `self`; `ButtonStyle` comes with the prelude.
use twilight_views::__private::twilight_model::channel::message::component::SelectMenuOption;
use twilight_views::prelude::*;

#[view]
struct Poll {
    votes: u64,
    closed: bool,
    choices: Vec<&'static str>,
}

impl Poll {
    fn options(&self) -> Vec<SelectMenuOption> {
        self.choices
            .iter()
            .map(|choice| twilight_views::render::select_option(*choice, *choice, None, None, false))
            .collect()
    }
}

#[view]
impl Poll {
    #[button(
        label = format!("Votes: {}", self.votes),
        style = if self.votes >= 5 { ButtonStyle::Success } else { ButtonStyle::Danger },
        disabled = self.closed
    )]
    async fn vote(&mut self, _ctx: ViewContext) {
        self.votes += 1;
    }

    #[button(url = format!("https://example.com/poll/{}", self.votes), label = "Results")]
    const RESULTS: () = ();

    #[select(options = self.options(), placeholder = self.choices.join(", "))]
    async fn choose(&mut self, _ctx: ViewContext, _values: Vec<String>) {}
}

fn main() {
    let poll = Poll { votes: 3, closed: false, choices: vec!["a", "b"] };
    assert_eq!(poll.components().len(), 2);
}
