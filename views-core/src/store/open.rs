//! [`open_store`]: a store from a `DATABASE_URL`-style string.

use std::sync::Arc;

use super::{MemoryStore, StoreError, StoreErrorKind, ViewStore};

/// The store used when no URL is configured: a SQLite file in the working
/// directory.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#choosing-a-store-by-url).
pub const DEFAULT_STORE_URL: &str = "sqlite://twilight-views.db";

/// Opens the store `url` names, choosing the backend by its scheme:
///
/// - `sqlite://PATH` (`sqlite://views.db` is relative, `sqlite:///var/lib/bot/views.db`
///   absolute), `sqlite:PATH`, or a plain path without a scheme: `SqliteStore`
///   (feature `sqlite`, on by default);
/// - `postgres://...` or `postgresql://...`: `PostgresStore`
///   (feature `postgres`);
/// - `memory:`: [`MemoryStore`].
///
/// The database is created or migrated as needed. Errors name the path or
/// the URL (never its password).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), views_core::StoreError> {
/// use views_core::open_store;
///
/// // A bot passes its configured URL, e.g. `sqlite://views.db`.
/// let store = open_store("memory:").await?;
/// assert_eq!(store.backend(), "memory");
/// # Ok(()) }
/// ```
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#choosing-a-store-by-url).
pub async fn open_store(url: &str) -> Result<Arc<dyn ViewStore>, StoreError> {
    let url = url.trim();
    if url == "memory:" || url == "memory://" {
        return Ok(Arc::new(MemoryStore::new()));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return open_postgres(url).await;
    }
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        return open_sqlite(path).await;
    }
    if url.contains("://") || url.is_empty() {
        return Err(StoreError::bare(StoreErrorKind::UnsupportedUrl {
            url: redact_url(url),
        }));
    }
    open_sqlite(url).await
}

#[cfg(feature = "sqlite")]
async fn open_sqlite(path: &str) -> Result<Arc<dyn ViewStore>, StoreError> {
    // URLs written for other libraries (`sqlite://views.db?mode=rwc`) carry
    // options; the file is always created, so they are not needed.
    let path = match path.split_once('?') {
        Some((path, options)) => {
            tracing::debug!(options, "view store: ignoring SQLite URL options");
            path
        }
        None => path,
    };
    if path.is_empty() {
        return Err(StoreError::with_source(
            StoreErrorKind::UnsupportedUrl {
                url: format!("sqlite://{path}"),
            },
            "the URL names no file",
        ));
    }
    Ok(Arc::new(super::SqliteStore::open(path).await?))
}

#[cfg(not(feature = "sqlite"))]
async fn open_sqlite(path: &str) -> Result<Arc<dyn ViewStore>, StoreError> {
    Err(StoreError::with_source(
        StoreErrorKind::UnsupportedUrl {
            url: format!("sqlite://{path}"),
        },
        "views-core was built without its `sqlite` feature",
    ))
}

#[cfg(feature = "postgres")]
async fn open_postgres(url: &str) -> Result<Arc<dyn ViewStore>, StoreError> {
    Ok(Arc::new(super::PostgresStore::connect(url).await?))
}

#[cfg(not(feature = "postgres"))]
async fn open_postgres(url: &str) -> Result<Arc<dyn ViewStore>, StoreError> {
    Err(StoreError::with_source(
        StoreErrorKind::UnsupportedUrl {
            url: redact_url(url),
        },
        "views-core was built without its `postgres` feature",
    ))
}

/// Hides the passwords of a URL so it can go into errors and logs: the one
/// of `scheme://user:password@host/...` and the values of query parameters
/// naming a password (`?password=...`, `&sslpassword=...`). The user, the
/// host and the other parameters stay visible. Use it to log a
/// `DATABASE_URL`:
///
/// ```
/// use views_core::store::redact_url;
///
/// assert_eq!(
///     redact_url("postgres://bot:s3cret@db/views?sslpassword=key"),
///     "postgres://bot:***@db/views?sslpassword=***"
/// );
/// ```
pub fn redact_url(url: &str) -> String {
    redact_query_passwords(&redact_user_info_password(url))
}

fn redact_user_info_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some(at) = user_info_end(rest) else {
        return url.to_owned();
    };
    match rest[..at].split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***{}", &rest[at..]),
        None => url.to_owned(),
    }
}

/// Where the user info of `rest` (a URL after its `scheme://`) ends: at its
/// last `@` before the query. Passwords get written unencoded, with `/`,
/// `?` or `@` in them, so neither the first `/` nor the first `@` ends it,
/// and the query is only looked for after the first `@`.
fn user_info_end(rest: &str) -> Option<usize> {
    let first_at = rest.find('@')?;
    let query = rest[first_at..]
        .find('?')
        .map_or(rest.len(), |offset| first_at + offset);
    rest[..query].rfind('@')
}

/// `url` with the value of every `?key=` or `&key=` whose key names a
/// password hidden, up to the next `&` (a value may hold `?`, `/` or `#`).
fn redact_query_passwords(url: &str) -> String {
    let mut redacted = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(start) = rest.find(['?', '&']) {
        let (before, parameter) = rest.split_at(start + 1);
        redacted.push_str(before);
        rest = parameter;
        let key = parameter
            .find(['=', '&', '?'])
            .filter(|&end| parameter[end..].starts_with('='))
            .map(|equals| &parameter[..equals]);
        if let Some(key) = key.filter(|key| names_a_password(key)) {
            redacted.push_str(key);
            redacted.push_str("=***");
            rest = &parameter[parameter.find('&').unwrap_or(parameter.len())..];
        }
    }
    redacted.push_str(rest);
    redacted
}

/// `password`, and libpq's `sslpassword` (the client key's passphrase).
fn names_a_password(key: &str) -> bool {
    key.to_ascii_lowercase().ends_with("password")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact_url("postgres://bot:s3cret@db:5432/views"),
            "postgres://bot:***@db:5432/views"
        );
        assert_eq!(
            redact_url("postgres://bot@db/views"),
            "postgres://bot@db/views"
        );
        assert_eq!(redact_url("views.db"), "views.db");
    }

    #[test]
    fn redact_hides_passwords_holding_url_delimiters() {
        assert_eq!(
            redact_url("postgres://u:pa/ss@host/db"),
            "postgres://u:***@host/db"
        );
        assert_eq!(
            redact_url("postgres://u:p?ss@w/rd@host:5432/db?sslmode=require"),
            "postgres://u:***@host:5432/db?sslmode=require"
        );
    }

    #[test]
    fn redact_hides_password_query_parameters() {
        assert_eq!(
            redact_url("postgres://bot@db/views?password=s3cret"),
            "postgres://bot@db/views?password=***"
        );
        assert_eq!(
            redact_url("postgresql://db/views?user=bot&password=s3cret&sslmode=require"),
            "postgresql://db/views?user=bot&password=***&sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://bot:one@db/views?sslpassword=two&PASSWORD=three"),
            "postgres://bot:***@db/views?sslpassword=***&PASSWORD=***"
        );
        assert_eq!(redact_url("views.db?password=x"), "views.db?password=***");
    }

    #[test]
    fn redact_keeps_an_at_sign_in_the_query() {
        assert_eq!(
            redact_url("postgres://db/views?user=bot@example&password=x"),
            "postgres://db/views?user=bot@example&password=***"
        );
        assert_eq!(
            redact_url(
                "postgres://bot:pw@db/views?application_name=a@b&password=x?y&sslmode=disable"
            ),
            "postgres://bot:***@db/views?application_name=a@b&password=***&sslmode=disable"
        );
    }

    #[tokio::test]
    async fn unknown_scheme_is_rejected() {
        let error = open_store("mysql://root:pw@localhost/x")
            .await
            .err()
            .expect("mysql is not a backend");
        match error.kind() {
            StoreErrorKind::UnsupportedUrl { url } => {
                assert_eq!(url, "mysql://root:***@localhost/x");
            }
            other => panic!("unexpected kind {other:?}"),
        }
    }

    #[cfg(feature = "sqlite")]
    #[tokio::test]
    async fn sqlite_url_options_are_not_part_of_the_file_name() {
        let dir = std::env::temp_dir().join(format!("twv-open-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("views.db");
        let store = open_store(&format!("sqlite://{}?mode=rwc", file.display()))
            .await
            .expect("open");
        assert_eq!(store.backend(), "sqlite");
        assert!(file.exists());
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn memory_url_opens_an_empty_store() {
        let store = open_store("memory:").await.expect("memory store");
        assert_eq!(store.backend(), "memory");
        assert!(store.load(1).await.expect("load").is_none());
    }
}
