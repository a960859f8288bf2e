//! `cargo run -p views-sandbox`: a standalone sandbox printing the URLs to
//! point a bot at (`VIEWS_SANDBOX_PORT` fixes the port).

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
    let f = sandbox.fixtures();
    println!("views-sandbox listening on {}", sandbox.addr());
    println!("  DISCORD_GATEWAY_URL={}", sandbox.gateway_url());
    println!("  DISCORD_API_URL={}", sandbox.api_host_port());
    println!("  application id {}", sandbox.application_id());
    println!("  guild {}  channel {}", f.guild_id, f.channel_id);
    for user in &f.users {
        println!("  user {} ({})", user.id, user.name);
    }
    println!("control API: {}", sandbox.control_url());
    println!(
        "  curl -s -X POST {}/channels/{}/messages -d '{{\"author_id\":\"{}\",\"content\":\"hi\"}}'",
        sandbox.control_url(),
        f.channel_id,
        f.users.first().map_or(0, |u| u.id.get())
    );
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("views-sandbox: cannot listen for Ctrl-C; running until killed");
        std::future::pending::<()>().await;
    }
    sandbox.shutdown().await;
}
