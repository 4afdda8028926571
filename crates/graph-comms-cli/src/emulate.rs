//! `graph-comms emulate`: a local Graph calling service for a bot under
//! test (graph-comms-emulator behind a command line).
//!
//! The first line on stdout is one JSON object with the URLs
//! (`graphUrl`, `openIdConfigurationUrl`, `jwksUrl`, `tokenUrl`,
//! `controlUrl`); then one JSON line per exchange. With `--scenario` the
//! command ends with the scenario: 0 when every expectation held, 1 with
//! each failed expectation named, 2 on a usage error. Without, it serves
//! until it is interrupted.

use crate::output::{ExitStatus, terminal_safe};
use clap::Args;
use graph_comms_emulator::Emulator;
use graph_comms_emulator::scenario::Scenario;
use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

pub(crate) const EXAMPLES: &str = "\
Examples:
  graph-comms emulate --bot-url http://127.0.0.1:3978/api/calls
  graph-comms emulate --bot-url http://127.0.0.1:3978/api/calls \\
                      --scenario fixtures/scenarios/pin-entry.json --transcript run.jsonl

The first stdout line is the JSON of the URLs: point the bot's Graph root at
graphUrl, its callback key URL at openIdConfigurationUrl and its token
authority at tokenUrl. Start calls with POST {controlUrl}/calls.

Exit status (with --scenario): 0 every expectation held, 1 one failed (each
is named), 2 a usage or I/O error.";

/// A client secret from the command line: `Debug` does not show it.
#[derive(Clone)]
pub struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Secret(text.to_owned()))
    }
}

/// The options of `graph-comms emulate`.
#[derive(Debug, Args)]
#[non_exhaustive]
pub struct EmulateArgs {
    /// The bot's callback URL for incoming calls. Give it more than once and
    /// every callback goes round-robin to the URLs, as behind a load
    /// balancer.
    #[arg(long = "bot-url", value_name = "URL", required = true)]
    pub bot_urls: Vec<String>,
    /// The port on 127.0.0.1 (0: the OS picks).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// The bot's app id: the callbacks' audience, the token endpoint's client_id.
    #[arg(long, value_name = "ID")]
    pub app_id: Option<String>,
    /// The tenant id: the callbacks' `tid`, the token endpoint's path.
    #[arg(long, value_name = "ID")]
    pub tenant_id: Option<String>,
    /// The only client secret the token endpoint accepts (default: any).
    #[arg(long, value_name = "SECRET")]
    pub app_secret: Option<Secret>,
    /// Run this scenario file, then exit with its verdict.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Write every exchange to this file as JSON lines.
    #[arg(long, value_name = "FILE")]
    pub transcript: Option<PathBuf>,
    /// Show tones and digits in the log and the transcript (they are a PIN).
    #[arg(long)]
    pub show_tones: bool,
}

/// Why the command could not run.
pub(crate) enum Failure {
    Usage(String),
    Output(io::Error),
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Self {
        Failure::Output(err)
    }
}

/// Prints the transcript entries not printed yet (and appends them to the
/// transcript file). The emulator keeps a bounded transcript, so the log
/// follows it by position in the whole run (`transcript_since`), not by the
/// kept transcript's length, which stops growing at the bound; entries
/// dropped before they were printed are said, with their count.
struct Log {
    seen: u64,
    file: Option<std::fs::File>,
}

impl Log {
    fn flush(&mut self, emulator: &Emulator, stdout: &mut dyn Write) -> io::Result<()> {
        let (entries, missed) = emulator.transcript_since(self.seen);
        let note = (missed > 0).then(|| {
            serde_json::json!({"event": "transcript entries dropped unprinted", "count": missed})
        });
        for entry in note.iter().chain(&entries) {
            // serde_json escapes control characters: safe for a terminal.
            writeln!(stdout, "{entry}")?;
            if let Some(file) = &mut self.file {
                writeln!(file, "{entry}")?;
            }
        }
        self.seen += missed + entries.len() as u64;
        stdout.flush()
    }
}

/// The bytes of a scenario file, reading at most one byte over
/// [`Scenario::MAX_BYTES`] (so that a wrong path to a huge file or a device is
/// refused, not read whole); `Scenario::from_slice` refuses the excess.
fn read_scenario(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let display = path.display().to_string();
    let shown = || terminal_safe(&display).to_string();
    let cannot = |err: std::io::Error| {
        Failure::Usage(format!(
            "--scenario {}: cannot read: {err}: check the path (the shipped scenarios are in \
             fixtures/scenarios/)",
            shown()
        ))
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    if let Ok(meta) = file.metadata()
        && meta.is_file()
        && meta.len() > Scenario::MAX_BYTES as u64
    {
        return Err(Failure::Usage(format!(
            "--scenario {}: the file is {} bytes; a scenario is at most {} bytes: check the \
             path, or split the scenario into several",
            shown(),
            meta.len(),
            Scenario::MAX_BYTES
        )));
    }
    let mut bytes = Vec::new();
    file.take(Scenario::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    Ok(bytes)
}

pub(crate) fn run(
    args: &EmulateArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitStatus, Failure> {
    let scenario = match &args.scenario {
        Some(path) => {
            let bytes = read_scenario(path)?;
            let scenario = Scenario::from_slice(&bytes).map_err(|err| {
                Failure::Usage(format!(
                    "{}: {err}",
                    terminal_safe(&path.display().to_string())
                ))
            })?;
            Some(scenario)
        }
        None => None,
    };
    let file = match &args.transcript {
        Some(path) => Some(std::fs::File::create(path).map_err(|err| {
            Failure::Usage(format!(
                "--transcript {}: cannot write: {err}",
                terminal_safe(&path.display().to_string())
            ))
        })?),
        None => None,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut builder = Emulator::builder().port(args.port).show_tones(args.show_tones);
        for url in &args.bot_urls {
            builder = builder.bot_url(url);
        }
        if let Some(id) = &args.app_id {
            builder = builder.app_id(id);
        }
        if let Some(id) = &args.tenant_id {
            builder = builder.tenant_id(id);
        }
        if let Some(secret) = &args.app_secret {
            builder = builder.app_secret(secret.0.clone());
        }
        let emulator = builder.start().await.map_err(|err| {
            if err.kind() == io::ErrorKind::InvalidInput {
                // A --bot-url that is not an http(s) URL (the message names it
                // by its position on the command line), or a --tenant-id that
                // is not a GUID or a domain name.
                Failure::Usage(err.to_string())
            } else {
                Failure::Usage(format!(
                    "cannot listen on 127.0.0.1 at the --port given: {err}: give another \
                     --port, or --port 0 to let the system pick a free one"
                ))
            }
        })?;
        let urls = serde_json::to_string(emulator.urls()).unwrap_or_default();
        writeln!(stdout, "{urls}")?;
        stdout.flush()?;
        let mut log = Log { seen: 0, file };
        let Some(scenario) = scenario else {
            loop {
                tokio::time::sleep(Duration::from_millis(100)).await;
                log.flush(&emulator, stdout)?;
            }
        };
        let run = emulator.run_scenario(&scenario, None);
        tokio::pin!(run);
        let report = loop {
            tokio::select! {
                report = &mut run => break report,
                () = tokio::time::sleep(Duration::from_millis(100)) => log.flush(&emulator, stdout)?,
            }
        };
        log.flush(&emulator, stdout)?;
        for failure in &report.failures {
            writeln!(stderr, "expectation failed: {failure}")?;
        }
        if !report.finished {
            writeln!(stderr, "the scenario timed out before every call ended")?;
        }
        Ok(if report.passed() { ExitStatus::Success } else { ExitStatus::InputErrors })
    })
}
