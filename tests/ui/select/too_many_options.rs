use twilight_views::prelude::*;

#[view(persistent)]
struct V;

#[view]
impl V {
    #[select(custom_id = "s", options = [option(label = "0", value = "0"), option(label = "1", value = "1"), option(label = "2", value = "2"), option(label = "3", value = "3"), option(label = "4", value = "4"), option(label = "5", value = "5"), option(label = "6", value = "6"), option(label = "7", value = "7"), option(label = "8", value = "8"), option(label = "9", value = "9"), option(label = "10", value = "10"), option(label = "11", value = "11"), option(label = "12", value = "12"), option(label = "13", value = "13"), option(label = "14", value = "14"), option(label = "15", value = "15"), option(label = "16", value = "16"), option(label = "17", value = "17"), option(label = "18", value = "18"), option(label = "19", value = "19"), option(label = "20", value = "20"), option(label = "21", value = "21"), option(label = "22", value = "22"), option(label = "23", value = "23"), option(label = "24", value = "24"), option(label = "25", value = "25")])]
    async fn s(&mut self, ctx: ViewContext) { let _ = ctx; }
}

fn main() {}
