//! Connecting: the builder's errors, and what the store learns about the
//! server at connect (its persistence settings).

use std::fmt;
use std::time::Duration;

/// Why [`RedisStoreBuilder::connect`](crate::RedisStoreBuilder::connect)
/// failed. The message never contains the URL (it may hold a password).
#[derive(Debug)]
pub struct ConnectError {
    kind: ConnectErrorKind,
    detail: Detail,
    source: Option<redis::RedisError>,
}

#[derive(Debug)]
pub(crate) enum Detail {
    None,
    Options(&'static str),
    Waited(Duration),
}

/// What went wrong: see [`ConnectError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConnectErrorKind {
    /// The URL is not a Redis URL this crate can use.
    Url,
    /// An option is out of range (a zero timeout or idle timeout).
    Options,
    /// Redis cannot be reached (connection refused, no route, DNS).
    Unavailable,
    /// Redis did not answer within the connect timeout.
    TimedOut,
    /// Redis answered but refused the client (authentication, ACL).
    Rejected,
}

impl ConnectError {
    pub(crate) fn new(
        kind: ConnectErrorKind,
        detail: Detail,
        source: Option<redis::RedisError>,
    ) -> Self {
        ConnectError {
            kind,
            detail,
            source,
        }
    }

    pub(crate) fn options(what: &'static str) -> Self {
        ConnectError::new(ConnectErrorKind::Options, Detail::Options(what), None)
    }

    /// A failed connect or first command, classified.
    pub(crate) fn from_redis(error: redis::RedisError) -> Self {
        let kind = match error.kind() {
            redis::ErrorKind::InvalidClientConfig => ConnectErrorKind::Url,
            redis::ErrorKind::AuthenticationFailed
            | redis::ErrorKind::Server(redis::ServerErrorKind::NoPerm) => {
                ConnectErrorKind::Rejected
            }
            _ if error.is_timeout() => ConnectErrorKind::TimedOut,
            _ if error.code().is_some_and(|code| {
                matches!(code, "NOAUTH" | "WRONGPASS" | "NOPERM" | "NOPROTO")
            }) =>
            {
                ConnectErrorKind::Rejected
            }
            _ => ConnectErrorKind::Unavailable,
        };
        ConnectError::new(kind, Detail::None, Some(error))
    }

    /// What went wrong.
    pub fn kind(&self) -> ConnectErrorKind {
        self.kind
    }
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cause = self
            .source
            .as_ref()
            .map(|error| format!(" ({})", error.category()))
            .unwrap_or_default();
        match (self.kind, &self.detail) {
            (ConnectErrorKind::Options, Detail::Options(what)) => {
                write!(f, "the Redis store's options are not valid: {what}")
            }
            (ConnectErrorKind::Url, _) => write!(
                f,
                "the Redis URL is not valid{cause}: write it as redis://[USER:PASSWORD@]HOST[:PORT][/DB] (TLS, rediss://, is not supported by this version)"
            ),
            (ConnectErrorKind::TimedOut, Detail::Waited(waited)) => write!(
                f,
                "Redis did not answer within {} ms: check that it runs and that the URL's host and port are right, or raise the connect timeout",
                waited.as_millis()
            ),
            (ConnectErrorKind::TimedOut, _) => write!(
                f,
                "Redis did not answer in time{cause}: check that it runs and that the URL's host and port are right, or raise the connect timeout"
            ),
            (ConnectErrorKind::Rejected, _) => write!(
                f,
                "Redis refused this client{cause}: check the user name and password in the URL and the user's ACL (it needs PING, GET, EVALSHA, EVAL and SCRIPT LOAD, and SET and DEL on the key prefix)"
            ),
            _ => write!(
                f,
                "Redis cannot be reached{cause}: check that it runs and that the URL's host and port are right"
            ),
        }
    }
}

impl std::error::Error for ConnectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}

/// Whether the Redis server writes its data to disk, read with
/// `CONFIG GET save` and `CONFIG GET appendonly` at connect.
///
/// The states the store writes hold a call's tones, sealed with the
/// [`StateKey`](crate::StateKey); persisted, they would still be copied to
/// disk and into backups. A bot prints this when it is not
/// [`Off`](Persistence::Off): its `Display` is the warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Persistence {
    /// `save ""` and `appendonly no`: nothing is written to disk.
    Off,
    /// The server persists: RDB snapshots (`save` set), the append-only
    /// file (`appendonly yes`), or both.
    On {
        /// `save` is set: RDB snapshots.
        snapshots: bool,
        /// `appendonly yes`: the append-only file.
        append_only: bool,
    },
    /// `CONFIG GET` is refused (as on managed Redis services, which rename
    /// or disable `CONFIG`): the settings could not be checked.
    Unknown,
}

impl Persistence {
    /// Whether the server is known not to persist.
    pub fn is_off(&self) -> bool {
        matches!(self, Persistence::Off)
    }

    pub(crate) fn from_config(save: &str, appendonly: &str) -> Self {
        let snapshots = !save.trim().is_empty();
        let append_only = appendonly.trim().eq_ignore_ascii_case("yes");
        if snapshots || append_only {
            Persistence::On {
                snapshots,
                append_only,
            }
        } else {
            Persistence::Off
        }
    }
}

impl fmt::Display for Persistence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Persistence::Off => f.write_str(
                "Redis persistence is off (save \"\", appendonly no): call state stays in memory",
            ),
            Persistence::On {
                snapshots,
                append_only,
            } => {
                let how = match (snapshots, append_only) {
                    (true, true) => "RDB snapshots (save) and the append-only file (appendonly yes)",
                    (true, false) => "RDB snapshots (save)",
                    _ => "the append-only file (appendonly yes)",
                };
                write!(
                    f,
                    "warning: this Redis persists to disk with {how}: call state, tones included, will be written to disk and backups (sealed with the state key, but still); turn it off with `CONFIG SET save \"\"` and `CONFIG SET appendonly no` (and the same in redis.conf), or use a Redis of its own for call state"
                )
            }
            Persistence::Unknown => f.write_str(
                "warning: Redis persistence could not be checked (CONFIG GET is disabled, as on managed Redis): make sure `save` is \"\" and `appendonly` is no, or call state, tones included, may be written to disk (sealed with the state key)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persistence_from_config_and_its_warnings() {
        assert_eq!(Persistence::from_config("", "no"), Persistence::Off);
        let both = Persistence::from_config("3600 1 300 100", "yes");
        assert_eq!(
            both,
            Persistence::On {
                snapshots: true,
                append_only: true
            }
        );
        assert!(!both.is_off());
        let text = both.to_string();
        assert!(
            text.starts_with("warning:") && text.contains("CONFIG SET save"),
            "{text}"
        );
        assert!(
            Persistence::Unknown
                .to_string()
                .contains("could not be checked")
        );
        assert!(!Persistence::Off.to_string().contains("warning"));
    }

    #[test]
    fn option_errors_say_which_option() {
        let error = ConnectError::options("the idle timeout must be at least 1 ms");
        assert_eq!(error.kind(), ConnectErrorKind::Options);
        assert!(error.to_string().ends_with("at least 1 ms"));
    }
}
