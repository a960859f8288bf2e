//! Generated code triggers no warnings in a crate that denies them, and a
//! view may live in a module and be public.
#![deny(warnings, missing_docs, rust_2018_idioms, unused, unreachable_pub)]

/// Views.
pub mod views {
    use twilight_views::prelude::*;

    /// A documented public view.
    #[view(persistent)]
    #[derive(Serialize, Deserialize)]
    pub struct Public {
        /// Clicks so far.
        pub clicks: u64,
    }

    #[view]
    impl Public {
        #[button(
            custom_id = "public:click",
            label = format!("{}", self.clicks),
            style = if self.clicks > 0 { ButtonStyle::Primary } else { ButtonStyle::Secondary }
        )]
        async fn click(&mut self, _ctx: ViewContext) {
            self.clicks += 1;
        }

        #[button(url = "https://example.com", label = "Site")]
        const SITE: () = ();

        #[select(custom_id = "public:pick", kind = "user")]
        async fn pick(&self, _ctx: ViewContext) -> ViewResult {
            Ok(())
        }
    }
}

fn main() {
    use twilight_views::View;
    assert_eq!(views::Public { clicks: 0 }.components().len(), 2);
}
