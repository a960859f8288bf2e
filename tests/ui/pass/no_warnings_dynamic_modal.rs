//! Dynamic items and modals generate no warnings in a crate that denies
//! them (constructors are documented, private handlers stay private).
#![deny(warnings, missing_docs, rust_2018_idioms, unused, unreachable_pub)]

/// Views.
pub mod views {
    use twilight_views::prelude::*;

    /// A page of a list.
    #[view(persistent)]
    pub struct Pages {
        /// The page shown.
        pub page: u32,
    }

    #[view]
    impl Pages {
        #[button(custom_id = "pages:{page}", label = "Next")]
        async fn next(&self, _ctx: ViewContext, page: u32) {
            let _ = page;
        }

        /// Opens a page (public: its id constructor is public too).
        #[button(custom_id = "open:{page}", label = "Open")]
        pub async fn open(&self, _ctx: ViewContext, page: u32) {
            let _ = page;
        }
    }

    /// A form.
    #[modal(title = "Feedback", custom_id = "feedback")]
    pub struct Feedback {
        /// What the user thinks.
        #[text_input(label = "Text", style = "paragraph")]
        pub text: String,
        /// Optional contact.
        #[text_input(label = "Contact", required = false)]
        pub contact: Option<String>,
    }
}

fn main() {
    let _ = views::Pages::open_custom_id(3_u32);
}
