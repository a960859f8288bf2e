//! `cargo run -p views-sandbox`: a standalone sandbox printing the URLs to
//! point a bot at and the web page's (`VIEWS_SANDBOX_PORT` and
//! `VIEWS_SANDBOX_WEB_PORT` fix the ports, `VIEWS_SANDBOX_STATE_FILE` keeps
//! messages across restarts).

use views_sandbox::{Sandbox, SandboxConfig};

#[tokio::main]
async fn main() {
    let sandbox = match Sandbox::start(SandboxConfig::from_env()).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("views-sandbox: {error}");
            std::process::exit(1);
        }
    };
    print!("{}", sandbox.describe());
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("views-sandbox: cannot listen for Ctrl-C; running until killed");
        std::future::pending::<()>().await;
    }
    sandbox.shutdown().await;
}
