//! A PostgreSQL server for the tests (views-core's `store_postgres.rs` and
//! `router_persist_postgres.rs`, the root `persist_two_bots.rs`, the
//! report bench): `TWILIGHT_VIEWS_TEST_POSTGRES_URL`, or a throwaway cluster
//! from `/usr/lib/postgresql/*/bin`; and an admin connection handing out a
//! fresh schema per test.

use std::{path::PathBuf, process::Command, sync::Arc};

use tokio_postgres::NoTls;

use crate::temp::{TempDir, id_of, is_root};

/// Names an external server instead of a throwaway cluster.
pub const URL_ENV: &str = "TWILIGHT_VIEWS_TEST_POSTGRES_URL";

/// A PostgreSQL server for the test: given by URL or started here.
pub enum Server {
    /// `TWILIGHT_VIEWS_TEST_POSTGRES_URL`.
    External(String),
    /// A throwaway cluster.
    Cluster(Cluster),
}

impl Server {
    /// The server `TWILIGHT_VIEWS_TEST_POSTGRES_URL` names, or a throwaway
    /// cluster started now; `Err` says why there is neither.
    pub fn find() -> Result<Self, String> {
        if let Ok(url) = std::env::var(URL_ENV) {
            return Ok(Self::External(url));
        }
        let bin = server_binaries().ok_or_else(|| {
            format!(
                "no {URL_ENV} and no server binaries under /usr/lib/postgresql/*/bin \
                 (apt-get install postgresql)"
            )
        })?;
        Cluster::start(bin).map(Self::Cluster)
    }

    /// A URL connecting as `postgres` to the `postgres` database.
    pub fn url(&self) -> &str {
        match self {
            Self::External(url) => url,
            Self::Cluster(cluster) => &cluster.url,
        }
    }

    /// A URL whose port nobody listens on.
    pub fn unreachable_url(&self) -> String {
        let port = free_port();
        format!("postgres://postgres:secret@127.0.0.1:{port}/postgres")
    }
}

/// The newest `/usr/lib/postgresql/N/bin` with `initdb` and `pg_ctl`.
fn server_binaries() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

/// A throwaway cluster in a temp dir on a free port; stopped and removed
/// when dropped (also when a test assertion panics).
pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    /// initdb and the server refuse to run as root: run them as `postgres`.
    user: Option<&'static str>,
    url: String,
    /// The server's command-line options (port, socket dir, settings),
    /// kept to start it again the same way.
    options: String,
    dir: TempDir,
}

impl Cluster {
    fn start(bin: PathBuf) -> Result<Self, String> {
        let dir = TempDir::new("pg");
        let user = if is_root() {
            let uid = id_of("-u", Some("postgres"))
                .ok_or("running as root and there is no `postgres` user to run the server")?;
            let gid = id_of("-g", Some("postgres")).ok_or("no group of `postgres`")?;
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid))
                .map_err(|error| format!("chown temp dir: {error}"))?;
            Some("postgres")
        } else {
            None
        };
        let data = dir.path().join("data");
        let port = free_port();
        // fsync off: the server's own crash safety is not under test here,
        // and it keeps 1,000+ commits fast on a slow disk.
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            dir.path().display()
        );
        let cluster = Self {
            bin,
            data,
            user,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            options,
            dir,
        };
        let data = cluster.data.display().to_string();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        )?;
        cluster.start_server()?;
        Ok(cluster)
    }

    /// Stops the server as an operator would (fast shutdown: sessions are
    /// ended, their open transactions rolled back) and returns once it is
    /// down. The data stays, for [`Cluster::start_server`].
    pub fn stop_server(&self) -> Result<(), String> {
        let data = self.data.display().to_string();
        self.run("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"])
    }

    /// Starts the server (again, after [`Cluster::stop_server`]) on the
    /// same port and data; returns once it accepts connections.
    pub fn start_server(&self) -> Result<(), String> {
        let data = self.data.display().to_string();
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-l",
                &log,
                "-o",
                &self.options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        )
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(tool);
        let mut command = match self.user {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(&program);
                command
            }
            None => Command::new(&program),
        };
        let output = command
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
        if output.status.success() {
            Ok(())
        } else {
            let log = std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default();
            Err(format!(
                "{tool} failed: {}{}\n{log}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data.display().to_string();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
    }
}

/// An administrative connection that hands out a fresh schema per test, so
/// tests share one server (and an external database) without seeing each
/// other's rows.
pub struct Admin {
    /// The administrative connection.
    pub client: Arc<tokio_postgres::Client>,
    base_url: String,
    prefix: String,
    schemas: std::sync::Mutex<Vec<String>>,
}

impl Admin {
    /// Connects to `url` (panics when it cannot).
    pub async fn connect(url: &str) -> Self {
        let (client, connection) = tokio_postgres::connect(url, NoTls)
            .await
            .expect("connect to the test PostgreSQL server");
        tokio::spawn(connection);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.subsec_nanos());
        Self {
            client: Arc::new(client),
            base_url: url.to_owned(),
            prefix: format!("twv_{}_{nanos}", std::process::id()),
            schemas: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// A handle on the administrative connection.
    pub fn client_arc(&self) -> Arc<tokio_postgres::Client> {
        Arc::clone(&self.client)
    }

    /// Creates an empty schema and returns a URL whose connections use it.
    pub fn fresh_schema_url(&self, name: &str) -> impl Future<Output = String> + use<> {
        let schema = format!("{}_{name}", self.prefix);
        self.schemas.lock().unwrap().push(schema.clone());
        let client = Arc::clone(&self.client);
        let separator = if self.base_url.contains('?') {
            '&'
        } else {
            '?'
        };
        let url = format!(
            "{}{separator}options=-c%20search_path%3D{schema}",
            self.base_url
        );
        async move {
            client
                .batch_execute(&format!("CREATE SCHEMA {schema}"))
                .await
                .expect("create schema");
            url
        }
    }

    /// The schema a URL of [`Admin::fresh_schema_url`] uses.
    pub fn schema_of(&self, url: &str) -> String {
        url.rsplit("search_path%3D").next().unwrap().to_owned()
    }

    /// Drops every schema this connection created.
    pub async fn drop_schemas(&self) {
        let schemas = std::mem::take(&mut *self.schemas.lock().unwrap());
        for schema in schemas {
            self.client
                .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
                .await
                .expect("drop schema");
        }
    }
}
