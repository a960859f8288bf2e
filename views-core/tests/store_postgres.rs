//! The store suite on `PostgresStore`, plus cross-process serialisation:
//! two OS processes x 500 lease+increment cycles on one row give exactly
//! 1,000.
//!
//! Uses `TWILIGHT_VIEWS_TEST_POSTGRES_URL` when set, otherwise starts a
//! throwaway cluster from the server binaries under
//! `/usr/lib/postgresql/*/bin` (Debian's `postgresql` package; `.ci/run`
//! installs it). With neither, the test says SKIPPED on stderr, except under
//! `CI=true`, where it fails.
#![allow(clippy::unwrap_used)]

mod store_suite;

use std::{io::Write, path::PathBuf, process::Command, sync::Arc};

use store_suite::support::{TempDir, id_of, is_root};
use tokio_postgres::NoTls;
use views_core::store::{PostgresStore, StoreErrorKind, ViewStore};

const URL_ENV: &str = "TWILIGHT_VIEWS_TEST_POSTGRES_URL";
/// Set in the child processes of the cross-process test: the store URL.
const CHILD_URL_ENV: &str = "TWILIGHT_VIEWS_TEST_POSTGRES_CHILD_URL";
/// Set (with `CHILD_URL_ENV`) in the child that takes a lease and is killed.
const CHILD_HOLD_ENV: &str = "TWILIGHT_VIEWS_TEST_POSTGRES_CHILD_HOLD";
const CROSS_MESSAGE: u64 = 555_000_000_000_000_001;
const PER_PROCESS: u64 = 500;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_store() {
    if let Ok(url) = std::env::var(CHILD_URL_ENV) {
        if std::env::var(CHILD_HOLD_ENV).is_ok() {
            child_hold_lease(&url).await;
        } else {
            child_increments(&url).await;
        }
        return;
    }
    let server = match Server::find() {
        Ok(server) => server,
        Err(reason) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "PostgreSQL store tests cannot run under CI=true: {reason}"
            );
            // Straight to stderr: the test harness captures `eprintln!`.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** PostgreSQL store tests SKIPPED: {reason} ***\n"
            );
            return;
        }
    };
    let admin = Admin::connect(server.url()).await;

    store_suite::run_all(|name| {
        let url = admin.fresh_schema_url(name);
        async move {
            let url = url.await;
            Arc::new(PostgresStore::connect(&url).await.expect("connect")) as Arc<dyn ViewStore>
        }
    })
    .await;

    let url = admin.fresh_schema_url("corrupt").await;
    let schema = admin.schema_of(&url);
    let store: Arc<dyn ViewStore> = Arc::new(PostgresStore::connect(&url).await.expect("connect"));
    let raw = admin.client_arc();
    store_suite::corrupted_row(store, move |id| {
        Box::pin(async move {
            let changed = raw
                .execute(
                    &format!(
                        "UPDATE {schema}.twilight_views SET version = 0 WHERE message_id = $1"
                    ),
                    &[&i64::try_from(id).unwrap()],
                )
                .await
                .expect("corrupt row");
            assert_eq!(changed, 1);
        })
    })
    .await;

    let url = admin.fresh_schema_url("reopen").await;
    store_suite::reopen_keeps_data(&url).await;

    let url = admin.fresh_schema_url("migrations").await;
    migrations_recorded_once(&admin, &url).await;

    let url = admin.fresh_schema_url("lock").await;
    lease_blocks_other_store_until_dropped(&admin, &url).await;

    let url = admin.fresh_schema_url("cross").await;
    two_processes_lose_no_update(&url).await;

    let url = admin.fresh_schema_url("killed").await;
    killed_lease_holder_releases_the_row(&url).await;

    let error = PostgresStore::connect(&format!("{}?connect_timeout=5", server.unreachable_url()))
        .await
        .expect_err("nothing listens there");
    match error.kind() {
        StoreErrorKind::Open { what } => assert!(what.contains("127.0.0.1"), "{what}"),
        other => panic!("unexpected {other:?}"),
    }

    admin.drop_schemas().await;
    let _ = writeln!(
        std::io::stderr(),
        "PostgreSQL store tests ran against {}",
        match &server {
            Server::External(_) => "TWILIGHT_VIEWS_TEST_POSTGRES_URL",
            Server::Cluster(_) => "a throwaway cluster",
        }
    );
}

/// Migrations are recorded in the schema table and not re-applied.
async fn migrations_recorded_once(admin: &Admin, url: &str) {
    let schema = admin.schema_of(url);
    let versions = || async {
        admin
            .client
            .query(
                &format!("SELECT version FROM {schema}.twilight_views_schema ORDER BY version"),
                &[],
            )
            .await
            .expect("schema table")
            .iter()
            .map(|row| row.get::<_, i32>(0))
            .collect::<Vec<_>>()
    };
    drop(PostgresStore::connect(url).await.expect("connect"));
    assert_eq!(versions().await, [1]);
    drop(PostgresStore::connect(url).await.expect("reconnect"));
    assert_eq!(versions().await, [1]);
}

/// A lease of one store (one process) makes another store's lease of the
/// same message wait in the database until the first is dropped, which
/// rolls back.
async fn lease_blocks_other_store_until_dropped(admin: &Admin, url: &str) {
    let first = PostgresStore::connect(url).await.expect("connect");
    let second = PostgresStore::connect(url).await.expect("connect");
    first
        .upsert(77, "Counter", b"{\"count\":1}".to_vec())
        .await
        .expect("insert");
    let held = first.lease(77).await.expect("lease").expect("row");
    let waiter = tokio::spawn(async move {
        let lease = second.lease(77).await.expect("lease").expect("row");
        let version = lease.record().version;
        lease
            .commit(b"{\"count\":2}".to_vec())
            .await
            .expect("commit");
        version
    });
    // Observe the waiter blocked on the row lock in the server (no timing:
    // poll the server's own view of it).
    loop {
        let waiting: i64 = admin
            .client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'",
                &[],
            )
            .await
            .expect("pg_stat_activity")
            .get(0);
        if waiting > 0 {
            break;
        }
        assert!(!waiter.is_finished(), "second lease was not blocked");
        tokio::task::yield_now().await;
    }
    drop(held);
    let seen_version = waiter.await.expect("waiter");
    assert_eq!(seen_version, 1, "the dropped lease must not have written");
    let loaded = first.load(77).await.expect("load").expect("row");
    assert_eq!(
        (loaded.version, loaded.state),
        (2, b"{\"count\":2}".to_vec())
    );
}

/// Two OS processes (this test binary re-run with `CHILD_URL_ENV`) each
/// apply 500 lease+increments to one row at the same time.
async fn two_processes_lose_no_update(url: &str) {
    let store = PostgresStore::connect(url).await.expect("connect");
    store
        .upsert(CROSS_MESSAGE, "Counter", b"{\"count\":0}".to_vec())
        .await
        .expect("insert");
    let exe = std::env::current_exe().expect("test binary path");
    let spawn = || {
        Command::new(&exe)
            .args(["--exact", "postgres_store", "--nocapture"])
            .env(CHILD_URL_ENV, url)
            .env_remove(URL_ENV)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn child")
    };
    let children = [spawn(), spawn()];
    for child in children {
        let output = child.wait_with_output().expect("child output");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "child failed: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let row = store.load(CROSS_MESSAGE).await.expect("load").expect("row");
    let value: serde_json::Value = serde_json::from_slice(&row.state).expect("json");
    assert_eq!(value["count"], 2 * PER_PROCESS);
    assert_eq!(row.version, 2 * PER_PROCESS + 1);
}

/// A process killed (SIGKILL) while holding a lease neither blocks the row
/// forever nor writes anything: the server rolls its transaction back when
/// the connection drops.
async fn killed_lease_holder_releases_the_row(url: &str) {
    use std::io::BufRead;

    let store = PostgresStore::connect(url).await.expect("connect");
    store
        .upsert(CROSS_MESSAGE, "Counter", b"{\"count\":7}".to_vec())
        .await
        .expect("insert");
    let mut child = Command::new(std::env::current_exe().expect("test binary path"))
        .args(["--exact", "postgres_store", "--nocapture"])
        .env(CHILD_URL_ENV, url)
        .env(CHILD_HOLD_ENV, "1")
        .env_remove(URL_ENV)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let leased = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line == "LEASED");
    assert!(leased, "child exited without taking the lease");
    child.kill().expect("SIGKILL child");
    child.wait().expect("reap child");
    let lease = store
        .lease(CROSS_MESSAGE)
        .await
        .expect("lease after the holder died")
        .expect("row");
    assert_eq!(lease.record().version, 1, "the killed holder wrote nothing");
    assert_eq!(lease.record().state, b"{\"count\":7}".to_vec());
}

/// Child of `killed_lease_holder_releases_the_row`: takes the lease, says so,
/// and waits to be killed.
async fn child_hold_lease(url: &str) {
    let store = PostgresStore::connect(url).await.expect("connect");
    let lease = store
        .lease(CROSS_MESSAGE)
        .await
        .expect("lease")
        .expect("row");
    println!("LEASED");
    std::io::stdout().flush().expect("flush");
    std::future::pending::<()>().await;
    drop(lease);
}

/// One child process: 5 tasks x 100 increments, sharing one store.
async fn child_increments(url: &str) {
    let store: Arc<dyn ViewStore> = Arc::new(PostgresStore::connect(url).await.expect("connect"));
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                for _ in 0..PER_PROCESS / 5 {
                    let lease = store
                        .lease(CROSS_MESSAGE)
                        .await
                        .expect("lease")
                        .expect("row");
                    let mut value: serde_json::Value =
                        serde_json::from_slice(&lease.record().state).expect("json");
                    value["count"] = (value["count"].as_u64().expect("count") + 1).into();
                    lease
                        .commit(serde_json::to_vec(&value).expect("json"))
                        .await
                        .expect("commit");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("increment task");
    }
}

/// A PostgreSQL server for the test: given by URL or started here.
enum Server {
    External(String),
    Cluster(Cluster),
}

impl Server {
    fn find() -> Result<Self, String> {
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

    fn url(&self) -> &str {
        match self {
            Self::External(url) => url,
            Self::Cluster(cluster) => &cluster.url,
        }
    }

    /// A URL whose port nobody listens on.
    fn unreachable_url(&self) -> String {
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
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    /// initdb and the server refuse to run as root: run them as `postgres`.
    user: Option<&'static str>,
    url: String,
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
        let cluster = Self {
            bin,
            data,
            user,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
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
        // fsync off: the server's own crash safety is not under test here,
        // and it keeps 1,000+ commits fast on a slow disk.
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            cluster.dir.path().display()
        );
        let log = cluster.dir.path().join("log").display().to_string();
        cluster.run(
            "pg_ctl",
            &[
                "-D", &data, "-l", &log, "-o", &options, "-w", "-t", "60", "start",
            ],
        )?;
        Ok(cluster)
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
struct Admin {
    client: Arc<tokio_postgres::Client>,
    base_url: String,
    prefix: String,
    schemas: std::sync::Mutex<Vec<String>>,
}

impl Admin {
    async fn connect(url: &str) -> Self {
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

    fn client_arc(&self) -> Arc<tokio_postgres::Client> {
        Arc::clone(&self.client)
    }

    /// Creates an empty schema and returns a URL whose connections use it.
    fn fresh_schema_url(&self, name: &str) -> impl Future<Output = String> + use<> {
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

    fn schema_of(&self, url: &str) -> String {
        url.rsplit("search_path%3D").next().unwrap().to_owned()
    }

    async fn drop_schemas(&self) {
        let schemas = std::mem::take(&mut *self.schemas.lock().unwrap());
        for schema in schemas {
            self.client
                .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
                .await
                .expect("drop schema");
        }
    }
}
