//! A bot in a process of its own: this test binary run again for one test,
//! told by an environment variable where the sandbox and the store are.
//! For what a process of its own is needed for: a kill without warning, or
//! a global (the metrics recorder) that other tests of the binary share.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use views_sandbox::Sandbox;

use super::{TempDb, WAIT};

/// What the child prints once its bot is running.
pub const READY_LINE: &str = "BOT READY";

/// The bot process, killed when dropped (also when the test fails).
pub struct BotProcess(Child);

impl BotProcess {
    /// Runs test `test` of this binary again with `child_env` set to the
    /// sandbox's and the store's addresses (read back by [`child_spec`])
    /// and `env` added, and waits until its bot is connected.
    pub async fn start(
        sandbox: &Sandbox,
        db: &TempDb,
        test: &str,
        child_env: &str,
        env: &[(&str, &str)],
    ) -> Self {
        let spec = format!(
            "{}|{}|{}",
            sandbox.gateway_url(),
            sandbox.api_host_port(),
            db.url()
        );
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", test, "--nocapture"])
            .env(child_env, spec)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the bot process");
        let stdout = child.stdout.take().expect("child stdout");
        let (ready, is_ready) = tokio::sync::oneshot::channel();
        // Keep draining after READY: a closed pipe would kill the child's
        // test harness on its next write.
        std::thread::spawn(move || {
            let mut ready = Some(ready);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line == READY_LINE
                    && let Some(ready) = ready.take()
                {
                    let _ = ready.send(());
                }
            }
        });
        let bot = Self(child);
        assert!(
            is_ready.await.is_ok(),
            "the bot process exited before it was ready"
        );
        sandbox.wait_connected(1, WAIT).await.expect("bot connects");
        bot
    }

    /// Kills the bot without warning (SIGKILL) and reaps it.
    pub fn kill(mut self) {
        self.0.kill().expect("SIGKILL the bot");
        self.0.wait().expect("reap the bot");
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// In the child: the gateway URL, the REST `host:port` and the
/// `DATABASE_URL` that [`BotProcess::start`] passed in `child_env`.
pub fn child_spec(child_env: &str, spec: &str) -> (String, String, String) {
    let mut parts = spec.split('|');
    let (Some(gateway), Some(api), Some(database_url)) = (parts.next(), parts.next(), parts.next())
    else {
        panic!("bad {child_env}: {spec}");
    };
    (gateway.to_owned(), api.to_owned(), database_url.to_owned())
}
