//! The command line: clap definitions, and the values the commands read.

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

const TOP_EXAMPLES: &str = "\
Examples:
  graph-comms decode fixtures/notifications/documented-tone.json
  graph-comms check --path /app/calls/abc/subscribeToTone
  graph-comms collect --max-digits 4 fixtures/collect/key1.json fixtures/collect/key2.json@+500ms
  graph-comms schema comms-notifications

Exit status: 0 no error (warnings allowed), 1 at least one error in the input,
2 a usage or I/O error. Colour is used only on a terminal (NO_COLOR turns it
off, CLICOLOR_FORCE=1 on).";

const CHECK_EXAMPLES: &str = "\
The path's action (answer, reject, subscribeToTone, playPrompt, recordResponse,
cancelMediaProcessing, sendDtmfTones, updateRecordingStatus after
/communications/calls/{id}/; the call itself for hang up; /communications/calls
for create call) decides which rules the body is checked against; without
--path the body is checked as subscribeToTone's.

Examples:
  graph-comms check --path /app/calls/abc/subscribeToTone
  graph-comms check --path https://graph.microsoft.com/v1.0/communications/calls/abc/subscribeToTone \\
                    --body fixtures/requests/documented.json --format json
  graph-comms check --path /v1.0/communications/calls/abc/recordResponse \\
                    --body fixtures/action-requests/record-response-v1-sdk-default.json
  echo '{\"clientContext\": \"c-1\"}' | graph-comms check --body -

Exit status: 0 when no diagnostic is an error (warnings allowed), 1 when one is
(a body that is not JSON included), 2 for a usage or I/O error.";

const DECODE_EXAMPLES: &str = "\
Examples:
  graph-comms decode fixtures/notifications/documented-tone.json
  graph-comms decode fixtures/collect/key1.json fixtures/collect/key2.json
  graph-comms decode --format json < fixtures/notifications/mixed-batch.json
  graph-comms decode fixtures/action-notifications/mixed-operations.json

Besides the tones: each finished operation once (playPrompt, recordResponse,
sendDtmfTones, ...: how it ended, with its status, completion reason, result
and client context; never a recording's access token) and each change of a
call (incoming, state changed, terminated with its result).

The tones are printed because you asked for them: tone data may not be
persisted (Graph terms of use), so do not keep this output.

A body must be a commsNotifications batch, {\"value\": [notification, ...]}:
a single notification, a request body, a call or PascalCase property names
are refused (exit 1) with what the body looks like and what to do.

Exit status: 0 when every body is a commsNotifications document (a
notification that cannot be read is listed under errors, and is no failure),
1 when one is not (not JSON, or another shape: line and column on stderr), 2
for a usage or I/O error. With --format json, stdout is one JSON document on
every exit path (an \"errors\" array says what failed).";

const COLLECT_EXAMPLES: &str = "\
Receive times: each FILE is one callback body, fed in the order given. The
first is received at 0 s and each next one --interval (1 s) after the one
before it, unless a time is written beside it:
  FILE@2.5s    received 2.5 s after the start (not before the file before it)
  FILE@+300ms  received 300 ms after the file before it
All the tones of one body are received at its time. After the last body, time
runs on until every timeout has passed, as if the callers stayed silent; a
collection that no timeout can end (timeouts off) is cancelled when its call
has been idle for 10 minutes (reason `cancelled`), as CallCollectors does.
A FILE whose name itself ends in @ and a duration takes an explicit time:
`odd@5s@0s`.

With --initial-timeout, every call in the input starts collecting at 0 s (as
a bot starts when its prompt ends), so a caller slow to press the first key
times out; without it, a call starts at its first key. With --start-at, every
call starts then instead, and its keys before are type-ahead: kept for the
collection, up to --type-ahead of them (those beyond are dropped, and a
warning says how many for each call), or, without --type-ahead, dropped with
a warning each. A tone that arrives after its call's collection ended is
reported as a warning.

Examples:
  graph-comms collect fixtures/collect/key1.json fixtures/collect/key2.json fixtures/collect/key-pound.json
  graph-comms collect --max-digits 4 --stop-tones '' --format json fixtures/collect/key1.json fixtures/collect/key2.json@+200ms
  graph-comms collect --inter-digit-timeout 2s fixtures/collect/key1.json fixtures/collect/key2.json@+3s
  graph-comms collect --initial-timeout 2s fixtures/collect/key1.json@3s
  graph-comms collect --start-at 2s --type-ahead 4 --format json fixtures/collect/key1.json fixtures/collect/key2.json@3s fixtures/collect/key-pound.json@+1s

Output: per collection, in the order they ended, the call id, the digits and
the reason (max-digits, stop-tone, inter-digit-timeout, initial-timeout,
overall-timeout, cancelled, call-ended, invalid-input); JSON adds firstKeyMs,
when the collection's first key was pressed (when a bot would cancel its
prompt), or null. Digits are printed because you asked for them: do not keep
this output.

Exit status: 0 when every body could be read (a notification that cannot be
read is a warning on stderr), 1 when a body is not a commsNotifications
document (the others are still collected), 2 for a usage or I/O error.";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  graph-comms schema                       # one JSON object: every schema under its name
  graph-comms schema --jsonl               # one schema per line
  graph-comms schema comms-notifications   # one schema
  graph-comms schema --out target/schemas  # write each to target/schemas/<name>.schema.json

The schemas are the ones `cargo xtask schema` publishes, made by the same
function (graph_comms_models::schemas::all).";

/// The `graph-comms` command line.
#[derive(Debug, Parser)]
#[command(
    name = "graph-comms",
    version,
    about = "Check call action requests, decode callbacks, collect digits and emulate the calling service \
             (Microsoft Graph communications API).",
    after_help = TOP_EXAMPLES
)]
#[non_exhaustive]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
#[non_exhaustive]
pub enum Command {
    /// Check a call action's request (subscribeToTone, playPrompt, answer, …):
    /// its path or URL, its body, or both.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Decode a callback body (commsNotifications): its tones, finished
    /// operations and call events.
    #[command(after_help = DECODE_EXAMPLES)]
    Decode(DecodeArgs),
    /// Feed callback bodies through the tone sequencer and digit collector, and
    /// print the digits each call typed.
    #[command(after_help = COLLECT_EXAMPLES)]
    Collect(CollectArgs),
    /// Print or write the JSON Schemas of the payloads.
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema(SchemaArgs),
    /// Run a local emulator of the Graph calling service for a bot.
    #[command(after_help = crate::emulate::EXAMPLES)]
    Emulate(crate::emulate::EmulateArgs),
}

impl Command {
    /// The output format asked for (`schema` has none: it prints JSON).
    pub fn format(&self) -> Option<Format> {
        match self {
            Command::Check(args) => Some(args.format),
            Command::Decode(args) => Some(args.format),
            Command::Collect(args) => Some(args.format),
            Command::Schema(_) | Command::Emulate(_) => None,
        }
    }
}

/// Whether a command line that clap refused asked for `--format json`, so
/// that even a usage error is one JSON document on stdout.
pub(crate) fn asks_for_json(args: &[OsString]) -> bool {
    args.iter().enumerate().any(|(i, arg)| {
        arg == "--format=json"
            || (arg == "--format" && args.get(i + 1).is_some_and(|next| next == "json"))
    })
}

/// How a command prints its result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
#[non_exhaustive]
pub enum Format {
    /// Short lines for people (coloured on a terminal).
    #[default]
    Human,
    /// One JSON document on stdout.
    Json,
}

/// `graph-comms check`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("input").required(true).multiple(true).args(["path", "body"])))]
#[non_exhaustive]
pub struct CheckArgs {
    /// The request's path or URL, e.g. /communications/calls/{id}/playPrompt;
    /// its action picks the body's rules.
    #[arg(long, value_name = "PATH_OR_URL")]
    pub path: Option<String>,
    /// A file with the request body (`-` for stdin).
    #[arg(long, value_name = "FILE|-")]
    pub body: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `graph-comms decode`.
#[derive(Debug, Args)]
#[non_exhaustive]
pub struct DecodeArgs {
    /// Callback bodies, one per file (`-` or nothing for stdin).
    #[arg(value_name = "FILE|-")]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `graph-comms collect`.
#[derive(Debug, Args)]
#[non_exhaustive]
pub struct CollectArgs {
    /// Callback bodies in the order they are received, each optionally with its
    /// receive time: FILE, FILE@2.5s (since the start) or FILE@+300ms (since the
    /// file before it). `-` reads stdin (once).
    #[arg(value_name = "FILE[@TIME]", required = true)]
    pub files: Vec<OsString>,
    /// End a collection after this many digits (1 to 1024; default: no maximum).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub max_digits: Option<u16>,
    /// Keys that end a collection and are not kept, e.g. `#*`; '' for none.
    #[arg(long, value_name = "KEYS", default_value = "#")]
    pub stop_tones: String,
    /// Longest silence between two keys, e.g. 5s, 500ms, or `off` [default: 5s].
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub inter_digit_timeout: Option<Timeout>,
    /// Longest wait for the first key, or `off` [default: 5s].
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub initial_timeout: Option<Timeout>,
    /// Longest whole collection, from its start, or `off` [default: off].
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub overall_timeout: Option<Timeout>,
    /// A stop key before this many digits ends the collection as
    /// invalid-input.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_digits: u16,
    /// Keep the stop key that ended a collection in its digits.
    #[arg(long)]
    pub keep_stop_tone: bool,
    /// Only these keys count as digits, e.g. `0123456789` [default: every key].
    #[arg(long, value_name = "KEYS")]
    pub allowed_keys: Option<String>,
    /// What a key that is not allowed does: `complete` (end the collection
    /// as invalid-input) or `ignore` it [default: complete].
    #[arg(long, value_name = "WHAT")]
    pub on_invalid_key: Option<String>,
    /// A key that clears the digits typed so far, e.g. `*` [default: none].
    #[arg(long, value_name = "KEY")]
    pub clear_key: Option<String>,
    /// Every call starts collecting at this time (when its prompt would end);
    /// keys before it are type-ahead.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub start_at: Option<Duration>,
    /// With --start-at: keep up to N keys pressed before the start for the
    /// collection (0 to 1024; 0: they are dropped).
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub type_ahead: u16,
    /// How many sequence ids ahead a tone may arrive and still be reordered
    /// (1 to 1024) [default: 16].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub reorder_window: Option<u16>,
    /// How long to wait for a missing sequence id [default: 2s].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub gap_timeout: Option<Duration>,
    /// The time between two files that have no time beside them.
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration)]
    pub interval: Duration,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `graph-comms schema`.
#[derive(Debug, Args)]
#[non_exhaustive]
pub struct SchemaArgs {
    /// Only this schema: its file name or its name without `.schema.json`
    /// (e.g. `comms-notifications`).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
    /// Write the schemas to this directory (created if missing) instead of
    /// printing them.
    #[arg(long, value_name = "DIR", conflicts_with = "jsonl")]
    pub out: Option<PathBuf>,
    /// Print one schema per line (compact JSON Lines) instead of one JSON
    /// object keyed by schema name.
    #[arg(long)]
    pub jsonl: bool,
}

/// A timeout option: a duration, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Timeout {
    /// Wait this long.
    After(Duration),
    /// No timeout.
    Off,
}

impl Timeout {
    /// The duration, `None` for `off` (what `CollectorOptions`' setters take).
    pub fn duration(self) -> Option<Duration> {
        match self {
            Timeout::After(duration) => Some(duration),
            Timeout::Off => None,
        }
    }
}

/// Parses a duration as `humantime` does (`5s`, `500ms`, `1.5s`, `2min`).
///
/// # Errors
///
/// What is wrong with the text, and an example.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text.trim())
        .map_err(|err| format!("{err} (write a duration such as 5s, 500ms or 1.5s)"))
}

/// Parses a timeout: a duration, or `off`/`none`.
///
/// # Errors
///
/// As [`parse_duration`].
pub fn parse_timeout(text: &str) -> Result<Timeout, String> {
    if matches!(text.trim(), "off" | "none") {
        return Ok(Timeout::Off);
    }
    parse_duration(text).map(Timeout::After)
}

/// Where an input comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// `-` is stdin, anything else a file path.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        if path.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(path)
        }
    }
}

/// The name every message about this input starts with: the path as given,
/// or `<stdin>`.
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Stdin => f.write_str("<stdin>"),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// When a body of `collect` is received, as written beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReceiveTime {
    /// No time given: `--interval` after the file before (the first at 0).
    Next,
    /// `FILE@2.5s`: this long after the start.
    At(Duration),
    /// `FILE@+300ms`: this long after the file before (the first: after the start).
    After(Duration),
}

/// One `collect` argument: `FILE`, `FILE@TIME` or `FILE@+TIME`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimedSource {
    /// The body.
    pub source: Source,
    /// When it is received.
    pub time: ReceiveTime,
}

impl TimedSource {
    /// Splits `FILE@TIME` at its last `@` when what follows is a duration
    /// (`2.5s`, `+300ms`); otherwise the whole argument is the file name.
    pub fn parse(arg: &OsStr) -> TimedSource {
        let untimed = || TimedSource {
            source: Source::new(arg),
            time: ReceiveTime::Next,
        };
        let Some(text) = arg.to_str() else {
            return untimed();
        };
        let Some((file, time)) = text.rsplit_once('@') else {
            return untimed();
        };
        if file.is_empty() {
            return untimed();
        }
        let time = match time.strip_prefix('+') {
            Some(after) => humantime::parse_duration(after).map(ReceiveTime::After),
            None => humantime::parse_duration(time).map(ReceiveTime::At),
        };
        match time {
            Ok(time) => TimedSource {
                source: Source::new(file),
                time,
            },
            Err(_) => untimed(),
        }
    }
}

/// For a `collect` argument `FILE@5` or `FILE@+1.5` (a number with no unit,
/// which [`TimedSource::parse`] takes as part of the file name), what to write
/// instead: `FILE@5s`.
pub(crate) fn unitless_time(arg: &OsStr) -> Option<String> {
    let (file, time) = arg.to_str()?.rsplit_once('@')?;
    let number = time.strip_prefix('+').unwrap_or(time);
    let is_number = !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.chars().any(|c| c.is_ascii_digit());
    (!file.is_empty() && is_number).then(|| format!("{file}@{time}s"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations_and_timeouts() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1_500)));
        assert!(parse_duration("5").unwrap_err().contains("5s, 500ms"));
        assert!(parse_duration("").is_err());
        assert_eq!(parse_timeout("off"), Ok(Timeout::Off));
        assert_eq!(
            parse_timeout("2s"),
            Ok(Timeout::After(Duration::from_secs(2)))
        );
    }

    #[test]
    fn receive_times_beside_files() {
        let parse = |text: &str| TimedSource::parse(OsStr::new(text));
        assert_eq!(
            parse("a.json"),
            TimedSource {
                source: Source::new("a.json"),
                time: ReceiveTime::Next
            }
        );
        assert_eq!(
            parse("a.json@2.5s").time,
            ReceiveTime::At(Duration::from_millis(2_500))
        );
        assert_eq!(parse("a.json@2.5s").source, Source::new("a.json"));
        assert_eq!(
            parse("odd@5s@0s"),
            TimedSource {
                source: Source::new("odd@5s"),
                time: ReceiveTime::At(Duration::ZERO)
            }
        );
        assert_eq!(parse("-@+1s").source, Source::Stdin);
        assert_eq!(parse("@5s").source, Source::new("@5s"));
        assert_eq!(parse("x@").source, Source::new("x@"));
        assert_eq!(parse("x@+").source, Source::new("x@+"));
    }

    /// The help states the library's defaults; this fails when they change.
    #[test]
    fn documented_defaults_are_the_librarys() {
        let options = graph_comms_dtmf::CollectorOptions::default();
        assert_eq!(options.inter_digit_timeout(), Some(Duration::from_secs(5)));
        assert_eq!(options.initial_timeout(), Some(Duration::from_secs(5)));
        assert_eq!(options.max_digits(), None);
        let pound = graph_comms_models::Tone::Pound;
        assert!(options.stop_tones().iter().eq([&pound]));
        assert_eq!(
            graph_comms_dtmf::CallLimits::default().idle_timeout(),
            Duration::from_secs(600)
        );
    }
}

#[cfg(test)]
mod examples {
    //! What the functions above do, by example (doctests while the crate
    //! exposed them; the command itself is tested through `run` and the
    //! binary, in tests/).

    #[test]
    fn timed_source_parse_example() {
        use crate::{ReceiveTime, Source, TimedSource};
        use std::ffi::OsStr;
        use std::time::Duration;

        let t = TimedSource::parse(OsStr::new("key2.json@+500ms"));
        assert_eq!(t.source, Source::new("key2.json"));
        assert_eq!(t.time, ReceiveTime::After(Duration::from_millis(500)));
        // Not a duration after the `@`: a file name.
        assert_eq!(
            TimedSource::parse(OsStr::new("me@example.json")).time,
            ReceiveTime::Next
        );
    }
}
