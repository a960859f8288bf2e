struct V;

impl V {
    #[twilight_views::layout]
    fn layout(&self) {}
}

fn main() {}
