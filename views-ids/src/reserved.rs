//! The custom_id prefixes the runtime generates ids with. A declared id
//! with one of them would be taken for a generated one, so the macros
//! refuse it at compile time and the router at start-up.

/// Prefix of the custom_ids the router generates for the items of
/// non-persistent view instances: `tvi:<router nonce>.<instance>:<item>`.
/// Reserved among component custom_ids.
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#non-persistent-per-instance-ids-timeout-stop).
pub const INSTANCE_PREFIX: &str = "tvi:";

/// Prefix of the custom_ids of modals awaited in a handler (`ctx.ask`):
/// `tvm:<nonce>.<counter>`. Reserved among modal custom_ids (a modal
/// submission is never routed to a component, so the two namespaces do
/// not meet).
///
/// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#awaiting-a-submission-in-the-handler).
pub const AWAITED_PREFIX: &str = "tvm:";
