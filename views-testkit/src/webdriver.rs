//! Headless Chromium for the browser tests: chromedriver on a free port and
//! one fantoccini session on it, over plain HTTP (no TLS to build: the
//! driver is on loopback). The tests drive the page with fantoccini's
//! [`Client`] itself; this module owns what is around it: finding the
//! binaries, the browser's flags and profile, stopping chromedriver, polling
//! and screenshots. Used by `views-sandbox/tests/browser_components.rs` and
//! the root `tests/browser/`.

// The tests drive the page with it; re-exported so they need no dependency
// of their own on it.
pub use fantoccini;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Where Debian's `chromium` and `chromium-driver` put their binaries;
/// `None` when either is missing.
pub fn find_browser() -> Option<(PathBuf, PathBuf)> {
    let find = |name: &str, fixed: &str| -> Option<PathBuf> {
        let fixed = PathBuf::from(fixed);
        if fixed.is_file() {
            return Some(fixed);
        }
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    };
    Some((
        find("chromium", "/usr/bin/chromium")?,
        find("chromedriver", "/usr/bin/chromedriver")?,
    ))
}

/// Chromium and chromedriver, or `None` after printing that `test` is
/// SKIPPED (a developer machine without them). Under `CI=true` a missing
/// browser fails the test instead: CI must run it.
pub fn browser_or_skip(test: &str) -> Option<(PathBuf, PathBuf)> {
    let found = find_browser();
    if found.is_none() {
        let message = "Chromium or chromedriver not found (/usr/bin/chromium, /usr/bin/chromedriver): \
                       install Debian's `chromium` and `chromium-driver`";
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "{message}; CI must run the browser tests"
        );
        eprintln!("SKIPPED {test}: {message}");
    }
    found
}

/// The chromedriver process and the browser's profile directory, both gone
/// when this is dropped (also when a failed assertion unwinds).
struct Driver {
    process: Child,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A running chromedriver with one headless Chromium session.
pub struct Browser {
    client: Client,
    driver: Driver,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile.
    ///
    /// # Errors
    ///
    /// When chromedriver does not start or listen within 30 s, or refuses
    /// the session (Chromium did not start).
    pub async fn start(chromium: &Path, chromedriver: &Path) -> Result<Self, String> {
        let port = free_port();
        let process = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("starting {}: {e}", chromedriver.display()))?;
        let profile = std::env::temp_dir().join(format!(
            "views-browser-profile-{}-{port}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&profile);
        // Owned from here on: dropped on any error, which ends chromedriver.
        let driver = Driver { process, profile };
        // chromedriver listens once it is ready for a session.
        let addr = format!("127.0.0.1:{port}");
        let listening = async {
            while tokio::net::TcpStream::connect(&addr).await.is_err() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(30), listening)
            .await
            .map_err(|_| "chromedriver did not listen within 30 s".to_owned())?;
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--window-size=1200,860".to_owned(),
            format!("--user-data-dir={}", driver.profile.display()),
        ];
        let mut capabilities = Map::new();
        capabilities.insert("browserName".to_owned(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({"binary": chromium, "args": args}),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://{addr}"))
            .await
            .map_err(|e| format!("new WebDriver session: {e}"))?;
        Ok(Self { client, driver })
    }

    /// The WebDriver session, to drive the page with.
    pub const fn client(&self) -> &Client {
        &self.client
    }

    /// Ends the session (Chromium exits), then chromedriver.
    pub async fn quit(self) {
        let Self { client, driver } = self;
        let _ = client.close().await;
        drop(driver);
    }
}

/// Runs `script` in the page and returns its result (`return ...`).
///
/// # Panics
///
/// When the script throws or the session is gone: a failed test step.
pub async fn eval(client: &Client, script: &str) -> Value {
    client
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Polls `check` until it returns `Some`, failing with `what` after `wait`.
pub async fn eventually<T, F: std::future::Future<Output = Option<T>>>(
    what: &str,
    wait: Duration,
    mut check: impl FnMut() -> F,
) -> T {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves a screenshot under the workspace's `target/screenshots/`; with
/// `TWILIGHT_VIEWS_UPDATE_SCREENSHOTS=1` also as the guide's image in
/// `docs/images/` (so a plain `cargo test` leaves the tracked images alone).
/// `workspace` is the repository's root directory.
pub fn save_screenshot(png: &[u8], workspace: &Path, name: &str) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), PathBuf::from);
    let mut paths = vec![target.join("screenshots").join(name)];
    if std::env::var_os("TWILIGHT_VIEWS_UPDATE_SCREENSHOTS").is_some_and(|value| value == "1") {
        paths.push(workspace.join("docs/images").join(name));
    }
    for path in paths {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot directory");
        }
        std::fs::write(&path, png).expect("screenshot saved");
        eprintln!("screenshot saved to {}", path.display());
    }
}
