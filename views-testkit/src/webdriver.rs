//! A minimal WebDriver client for the browser tests: chromedriver on a free
//! port, one headless Chromium session, and the handful of commands the tests
//! use, as JSON over plain HTTP/1.1 (no extra crates to build). Used by
//! `views-sandbox/tests/browser_components.rs` and the root `tests/browser.rs`.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The W3C key of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

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

/// A running chromedriver with one browser session.
pub struct Browser {
    driver: Child,
    addr: String,
    session: String,
    profile: PathBuf,
}

/// One HTTP request to chromedriver; the `value` of its answer, or the
/// WebDriver error as text.
async fn request(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, String> {
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect {addr}: {e}"))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream
        .write_all(format!("{head}{body}").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    // chromedriver may keep the connection open: read the head, then
    // exactly Content-Length bytes (or chunks up to the last one).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let (head, mut payload) = loop {
        let n = stream.read(&mut buf).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err(format!(
                "{method} {path}: connection closed before the answer"
            ));
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            break (head, raw[split + 4..].to_vec());
        }
    };
    let length = head.lines().find_map(|line| {
        line.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let complete = match length {
            Some(length) => payload.len() >= length,
            None if chunked => payload.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = stream.read(&mut buf).await.map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        payload.extend_from_slice(&buf[..n]);
    }
    if chunked {
        payload = dechunk(&payload);
    }
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let answer: Value = serde_json::from_slice(&payload).map_err(|e| {
        format!(
            "{method} {path}: {e}: {}",
            String::from_utf8_lossy(&payload)
        )
    })?;
    let value = answer.get("value").cloned().unwrap_or(Value::Null);
    if status == 200 {
        Ok(value)
    } else {
        Err(format!(
            "{method} {path}: {status} {} {}",
            value["error"].as_str().unwrap_or_default(),
            value["message"].as_str().unwrap_or_default()
        ))
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&data[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 || data.len() < end + 2 + size {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[(end + 4 + size).min(data.len())..];
    }
    out
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile.
    pub async fn start(chromium: &Path, chromedriver: &Path) -> Result<Self, String> {
        let port = free_port();
        let driver = Command::new(chromedriver)
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
        let mut browser = Self {
            driver,
            addr: format!("127.0.0.1:{port}"),
            session: String::new(),
            profile,
        };
        let addr = browser.addr.clone();
        let ready = async {
            loop {
                if let Ok(status) = request(&addr, "GET", "/status", None).await
                    && status["ready"] == true
                {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(30), ready)
            .await
            .map_err(|_| "chromedriver did not become ready in 30 s".to_owned())?;
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
            format!("--user-data-dir={}", browser.profile.display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let session = request(&addr, "POST", "/session", Some(&capabilities)).await?;
        session["sessionId"]
            .as_str()
            .ok_or("no session id")?
            .clone_into(&mut browser.session);
        Ok(browser)
    }

    async fn command(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let path = format!("/session/{}{path}", self.session);
        request(&self.addr, method, &path, body.as_ref()).await
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) -> Result<(), String> {
        self.command("POST", "/url", Some(json!({"url": url})))
            .await
            .map(drop)
    }

    /// The first element matching the XPath expression, if any.
    pub async fn find_xpath(&self, xpath: &str) -> Result<Option<String>, String> {
        let found = self
            .command(
                "POST",
                "/elements",
                Some(json!({"using": "xpath", "value": xpath})),
            )
            .await?;
        Ok(found
            .as_array()
            .and_then(|list| list.first())
            .and_then(|e| e[ELEMENT].as_str())
            .map(str::to_owned))
    }

    /// A real click on the element (the browser's own event chain).
    pub async fn click(&self, element: &str) -> Result<(), String> {
        self.command(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await
        .map(drop)
    }

    /// Types `text` into the element (`\u{E007}` is the Enter key).
    pub async fn type_text(&self, element: &str, text: &str) -> Result<(), String> {
        self.command(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        )
        .await
        .map(drop)
    }

    /// Runs `script` in the page and returns its result.
    pub async fn eval(&self, script: &str) -> Result<Value, String> {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// A PNG of the viewport.
    pub async fn screenshot(&self) -> Result<Vec<u8>, String> {
        let encoded = self.command("GET", "/screenshot", None).await?;
        decode_base64(encoded.as_str().ok_or("screenshot is not a string")?)
    }

    /// Ends the session (Chromium exits), then chromedriver (on drop).
    pub async fn quit(self) {
        let _ = self.command("DELETE", "", None).await;
    }
}

impl Drop for Browser {
    /// Also runs when a failed assertion unwinds, so no chromedriver is left.
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Standard base64 (padding optional, whitespace ignored), as WebDriver
/// sends screenshots; public for its test in
/// `views-sandbox/tests/browser_components.rs`.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let value = |c: u8| -> Result<u32, String> {
        Ok(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("bad base64 byte {c}")),
        }
        .into())
    };
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= value(*c)? << (18 - 6 * i);
        }
        let [_, a, b, c] = acc.to_be_bytes();
        out.push(a);
        if chunk.len() > 2 {
            out.push(b);
        }
        if chunk.len() > 3 {
            out.push(c);
        }
    }
    Ok(out)
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
