#![doc = include_str!("../README.md")]
#![no_std]

extern crate alloc;

pub mod limits;
mod reserved;
pub mod template;

pub use reserved::{AWAITED_PREFIX, INSTANCE_PREFIX};
pub use template::{Field, Segment, Template, TemplateError, is_template, prefix};
