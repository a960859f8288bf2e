//! [`open_store`]: a store from a `DATABASE_URL`-style string.

use std::sync::Arc;

use super::{MemoryStore, StoreError, StoreErrorKind, ViewStore};

/// The store used when no URL is configured: a SQLite file in the working
/// directory.
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
            url: redact(url),
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
        StoreErrorKind::UnsupportedUrl { url: redact(url) },
        "views-core was built without its `postgres` feature",
    ))
}

/// Hides the password of `scheme://user:password@host/...` so URLs can go
/// into errors and logs.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match authority.rfind('@') {
        Some(at) => match authority[..at].split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact("postgres://bot:s3cret@db:5432/views"),
            "postgres://bot:***@db:5432/views"
        );
        assert_eq!(redact("postgres://bot@db/views"), "postgres://bot@db/views");
        assert_eq!(redact("views.db"), "views.db");
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
