use twilight_views::prelude::*;

#[view(persistent)]
struct V { done: bool }

#[view]
impl V {
    #[button(url = "https://docs.rs", label = "Docs", style = if self.done { ButtonStyle::Success } else { ButtonStyle::Danger })]
    const DOCS: () = ();
}

fn main() {}
