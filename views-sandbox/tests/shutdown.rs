//! `Sandbox::shutdown` returns even when it is called before the server task
//! first ran (a single-threaded runtime with no client ever connected).

use std::time::Duration;

use views_sandbox::{Sandbox, SandboxConfig};

#[tokio::test(flavor = "current_thread")]
async fn shutdown_right_after_start_returns_on_a_single_thread() {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox starts");
    tokio::time::timeout(Duration::from_secs(10), sandbox.shutdown())
        .await
        .expect("shutdown returned within 10 s");
}
