//! The `graph-comms` command: the rules of the graph-comms crates at a shell
//! prompt, for non-Rust teams and for debugging a bot.
//!
//! ```text
//! graph-comms check   [--path PATH_OR_URL] [--body FILE|-] [--format human|json]
//! graph-comms decode  [FILE|-]... [--format human|json]
//! graph-comms collect [--max-digits N] [--min-digits N] [--stop-tones KEYS] [--keep-stop-tone]
//!                     [--allowed-keys KEYS] [--on-invalid-key complete|ignore] [--clear-key KEY]
//!                     [--inter-digit-timeout D] [--initial-timeout D] [--overall-timeout D]
//!                     [--start-at D] [--type-ahead N] [--reorder-window N] [--gap-timeout D]
//!                     [--interval D] [--format human|json] FILE[@TIME]...
//! graph-comms schema  [NAME] [--jsonl | --out DIR]
//! graph-comms emulate --bot-url URL [--bot-url URL]... [--port N] [--app-id ID]
//!                     [--tenant-id ID] [--app-secret S] [--scenario FILE]
//!                     [--transcript FILE] [--show-tones]
//! ```
//!
//! Exit status: 0 no error (warnings allowed), 1 at least one error in the
//! input (a body that is not JSON, or JSON of another shape, included), 2 a
//! usage or I/O error. A panic (101) is a bug. With `--format json`, stdout is
//! one JSON document on every exit path (a failure adds an `errors` array).
//! Human output escapes the control characters of any text from the input, so
//! a posted body cannot drive the terminal. When the reader of stdout goes away (`graph-comms schema |
//! head`), the command stops quietly with 0.
//!
//! This crate is a thin layer: every rule lives in graph-comms-validate,
//! graph-comms-models or graph-comms-dtmf, and the modules here only put
//! their results together and print them. What it offers is the command, not
//! its argument types or report types: the JSON of `--format json` is the
//! interface for other tools, and the library's one public item is [`run`].
//! The crate is not published; install the command with
//! `cargo install --path crates/graph-comms-cli`.
//!
//! [`run`] is the whole command, with the process's arguments and streams
//! passed in; `src/main.rs` only calls it, and the tests drive it in process
//! or through the binary:
//!
//! ```
//! let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
//! let code = graph_comms_cli::run(
//!     ["graph-comms", "check", "--path", "/communications/calls/abc/subscribeToTone"],
//!     &mut std::io::empty(),
//!     &mut anstream::StripStream::new(&mut stdout),
//!     &mut anstream::StripStream::new(&mut stderr),
//! );
//! assert_eq!(code, 0);
//! assert_eq!(String::from_utf8(stdout)?, "ok: no problems in --path\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Privacy
//!
//! `decode` and `collect` print tones and digits because the user asked for
//! them; tone data may not be persisted (Graph terms of use), so their output
//! is not for logs. Error and warning messages never contain a tone or digit,
//! and the `Debug` output of every report type redacts them.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod args;
mod check;
mod collect;
mod decode;
mod emulate;
mod output;
mod schema;

// The modules are private: the command line is the interface, so its clap
// types and report types are no API of this crate (they change with the
// command's options; `--format json` is what other tools read).
use args::{
    CheckArgs, Cli, CollectArgs, Command, DecodeArgs, Format, ReceiveTime, SchemaArgs, Source,
    TimedSource,
};
use check::check;
use collect::{CallStart, ReceivedBody, collect_from, receive_times};
use decode::{DecodeReport, decode};
use output::{ExitStatus, Line};
use schema::select_schemas;

use clap::Parser;
use graph_comms_dtmf::{
    CollectorOptions, InvalidTone, OptionsError, OptionsErrorKind, SequencerOptions, Timestamp,
};
use graph_comms_models::{ReadError, Tone};
use std::ffi::OsString;
use std::fmt;
use std::io::{self, Read, Write};

/// Runs the command line `args` (the first item is the program name) and
/// returns the process exit code: 0, 1 or 2 (see the crate docs).
///
/// Human output is styled with ANSI escapes: pass `anstream::stdout()` and
/// `anstream::stderr()`, which remove them when the stream is not a terminal
/// (and honour `NO_COLOR` and `CLICOLOR_FORCE`), or wrap the writers in
/// `anstream::StripStream`. Both writers are flushed before returning.
pub fn run<I, T>(
    args: I,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let code = match Cli::try_parse_from(&args) {
        Ok(cli) => {
            let format = cli.command.format();
            match execute(cli.command, stdin, stdout, stderr) {
                Ok(status) => status.code(),
                // The reader went away (`graph-comms schema | head`): it wanted
                // no more, which is no failure, and stderr need not hear of it.
                Err(Fatal::Output(err)) if err.kind() == io::ErrorKind::BrokenPipe => {
                    ExitStatus::Success.code()
                }
                Err(fatal) => {
                    // Nothing more can be done if stderr is gone too.
                    let _ = output::error(stderr, &fatal);
                    if format == Some(Format::Json) {
                        let _ = output::json(stdout, &output::JsonErrors::one(fatal.to_string()));
                    }
                    ExitStatus::UsageOrIo.code()
                }
            }
        }
        Err(err) => {
            // Help and version go to stdout, usage errors to stderr (exit 2).
            let rendered = err.render().ansi().to_string();
            let _ = if err.use_stderr() {
                stderr.write_all(rendered.as_bytes())
            } else {
                stdout.write_all(rendered.as_bytes())
            };
            if err.use_stderr() && args::asks_for_json(&args) {
                // `--format json` was asked for: stdout is one JSON document
                // on every exit path, a usage error included.
                let plain = err.render().to_string();
                let message = plain.lines().next().unwrap_or_default();
                let message = message.strip_prefix("error: ").unwrap_or(message);
                let _ = output::json(stdout, &output::JsonErrors::one(message.to_owned()));
            }
            err.exit_code()
        }
    };
    let _ = stdout.flush();
    let _ = stderr.flush();
    code
}

/// Why a command could not do its job (exit status 2).
#[derive(Debug)]
enum Fatal {
    /// A usage or input-file problem, the message naming the file or option.
    Message(String),
    /// Writing the output failed.
    Output(io::Error),
}

impl From<io::Error> for Fatal {
    fn from(err: io::Error) -> Self {
        Fatal::Output(err)
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fatal::Message(message) => f.write_str(message),
            Fatal::Output(err) => write!(f, "cannot write the output: {err}"),
        }
    }
}

fn usage(message: impl Into<String>) -> Fatal {
    Fatal::Message(message.into())
}

fn execute(
    command: Command,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitStatus, Fatal> {
    match command {
        Command::Check(args) => run_check(args, stdin, stdout),
        Command::Decode(args) => run_decode(args, stdin, stdout, stderr),
        Command::Collect(args) => run_collect(args, stdin, stdout, stderr),
        Command::Schema(args) => run_schema(args, stdout),
        Command::Emulate(args) => emulate::run(&args, stdout, stderr).map_err(|err| match err {
            emulate::Failure::Usage(message) => usage(message),
            emulate::Failure::Output(err) => Fatal::Output(err),
        }),
    }
}

fn read(source: &Source, stdin: &mut dyn Read) -> Result<Vec<u8>, Fatal> {
    let mut bytes = Vec::new();
    let result = match source {
        Source::Stdin => stdin.read_to_end(&mut bytes).map(drop),
        Source::File(path) => std::fs::read(path).map(|read| bytes = read),
    };
    result.map_err(|err| {
        let hint = match (source, err.kind()) {
            (Source::Stdin, _) => "check what is piped in",
            (Source::File(_), std::io::ErrorKind::NotFound) => "check the path",
            (Source::File(_), std::io::ErrorKind::PermissionDenied) => {
                "check the file's permissions"
            }
            (Source::File(_), _) => "check that the path names a readable file",
        };
        usage(format!("{source}: cannot read: {err}: {hint}"))
    })?;
    Ok(bytes)
}

fn status(has_errors: bool) -> ExitStatus {
    if has_errors {
        ExitStatus::InputErrors
    } else {
        ExitStatus::Success
    }
}

fn run_check(
    args: CheckArgs,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<ExitStatus, Fatal> {
    let body = match &args.body {
        Some(path) => {
            let source = Source::new(path);
            let bytes = read(&source, stdin)?;
            Some((source.to_string(), bytes))
        }
        None => None,
    };
    let report = check(
        args.path.as_deref(),
        body.as_ref().map(|(_, b)| b.as_slice()),
    );
    match args.format {
        Format::Json => output::json(stdout, &report)?,
        Format::Human => check::render(
            stdout,
            &report,
            args.path.as_ref().map(|_| "--path"),
            body.as_ref().map(|(name, _)| name.as_str()),
        )?,
    }
    Ok(status(report.has_errors()))
}

fn run_decode(
    args: DecodeArgs,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitStatus, Fatal> {
    let sources: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(Source::new).collect()
    };
    if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        return Err(usage("`-` (stdin) may be given only once"));
    }
    // Every file is read before anything is printed: a file that cannot be
    // read is a usage error (exit 2), with nothing else on stdout.
    let mut bodies = Vec::with_capacity(sources.len());
    for source in &sources {
        bodies.push((source.to_string(), read(source, stdin)?));
    }
    let decoded: Vec<(String, Result<DecodeReport, ReadError>)> = bodies
        .into_iter()
        .map(|(name, bytes)| {
            let report = decode(&bytes);
            (name, report)
        })
        .collect();
    let failed = decoded.iter().any(|(_, report)| report.is_err());
    for (name, report) in &decoded {
        match (report, args.format) {
            (Ok(report), Format::Human) => decode::render(stdout, stderr, name, report)?,
            (Ok(_), Format::Json) => {}
            // On stderr in both formats; in the JSON too.
            (Err(err), _) => output::error(
                stderr,
                format_args!("{name}: not a commsNotifications body: {err}"),
            )?,
        }
    }
    if args.format == Format::Json {
        output::json(stdout, &decode::JsonOutput::new(&decoded))?;
    }
    Ok(status(failed))
}

fn collector_options(args: &CollectArgs) -> Result<CollectorOptions, Fatal> {
    let mut options = CollectorOptions::new();
    if let Some(max_digits) = args.max_digits {
        options = options.with_max_digits(max_digits);
    }
    let stop_tones = args
        .stop_tones
        .chars()
        .map(Tone::from_char)
        .collect::<Option<Vec<Tone>>>()
        .ok_or_else(|| {
            usage("--stop-tones: only the keys 0-9, *, #, A-D may be given ('' for none)")
        })?;
    options = options.with_stop_tones(stop_tones);
    if let Some(timeout) = args.inter_digit_timeout {
        options = options.with_inter_digit_timeout(timeout.duration());
    }
    if let Some(timeout) = args.initial_timeout {
        options = options.with_initial_timeout(timeout.duration());
    }
    if let Some(timeout) = args.overall_timeout {
        options = options.with_overall_timeout(timeout.duration());
    }
    options = options
        .with_min_digits(args.min_digits)
        .with_keep_stop_tone(args.keep_stop_tone)
        .with_type_ahead(args.type_ahead);
    if let Some(keys) = &args.allowed_keys {
        // The message names no key: a key may be part of a PIN.
        let allowed = keys
            .chars()
            .map(Tone::from_char)
            .collect::<Option<Vec<Tone>>>()
            .filter(|allowed| !allowed.is_empty())
            .ok_or_else(|| {
                usage(
                    "--allowed-keys: give one or more of the keys 0-9, *, #, A-D, written \
                     together (e.g. 0123456789)",
                )
            })?;
        options = options.with_allowed_tones(allowed);
    }
    // Checked here rather than by clap, whose message would quote the value:
    // a mistyped value may be a key.
    match args.on_invalid_key.as_deref() {
        None | Some("complete") => {}
        Some("ignore") => options = options.with_on_invalid_tone(InvalidTone::Ignore),
        Some(_) => {
            return Err(usage(
                "--on-invalid-key: write complete (a key that is not allowed ends the \
                 collection) or ignore (it is dropped)",
            ));
        }
    }
    if let Some(key) = &args.clear_key {
        let mut keys = key.chars().map(Tone::from_char);
        let clear = match (keys.next(), keys.next()) {
            (Some(Some(tone)), None) => tone,
            _ => {
                return Err(usage(
                    "--clear-key: give exactly one of the keys 0-9, *, #, A-D (e.g. '*')",
                ));
            }
        };
        options = options.with_clear_tone(clear);
    }
    if args.reorder_window.is_some() || args.gap_timeout.is_some() {
        let mut sequencer = SequencerOptions::new();
        if let Some(window) = args.reorder_window {
            sequencer = sequencer.with_window(window);
        }
        if let Some(gap) = args.gap_timeout {
            sequencer = sequencer.with_gap_timeout(gap);
        }
        options = options.with_sequencer(sequencer);
    }
    options.validate().map_err(options_error)?;
    Ok(options)
}

/// An invalid combination of `collect` options, named by its flags.
fn options_error(err: OptionsError) -> Fatal {
    let message = match err.kind() {
        OptionsErrorKind::MaxDigits => format!(
            "--max-digits must be 1 to {}",
            CollectorOptions::DIGIT_LIMIT
        ),
        OptionsErrorKind::ClearToneIsStopTone => "--clear-key is also one of --stop-tones: a key \
             cannot both clear and stop a collection; choose another --clear-key or leave it \
             out of --stop-tones"
            .to_owned(),
        OptionsErrorKind::MinAboveMax => format!(
            "--min-digits is above --max-digits ({} without it): lower --min-digits or raise \
             --max-digits",
            CollectorOptions::DIGIT_LIMIT
        ),
        _ => format!("invalid collect options: {err}"),
    };
    usage(message)
}

fn run_collect(
    args: CollectArgs,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitStatus, Fatal> {
    let options = collector_options(&args)?;
    let inputs: Vec<TimedSource> = args
        .files
        .iter()
        .map(|arg| TimedSource::parse(arg))
        .collect();
    if inputs.iter().filter(|i| i.source == Source::Stdin).count() > 1 {
        return Err(usage("`-` (stdin) may be given only once"));
    }
    let times: Vec<ReceiveTime> = inputs.iter().map(|input| input.time).collect();
    let times = receive_times(&times, args.interval).map_err(|index| {
        let name = inputs
            .get(index)
            .map_or_else(String::new, |input| input.source.to_string());
        usage(format!(
            "{name}: its time is before the time of the body ahead of it; \
             bodies are received in the order given"
        ))
    })?;
    let mut bodies = Vec::with_capacity(inputs.len());
    for (input, arg) in inputs.iter().zip(&args.files) {
        let bytes = read(&input.source, stdin).map_err(|err| {
            // `key1.json@5`: a time without a unit, not a file name.
            match args::unitless_time(arg) {
                Some(example) => usage(format!(
                    "{}: cannot read it, and if what follows the @ is a time it needs a \
                     unit: write {example}",
                    input.source
                )),
                None => err,
            }
        })?;
        bodies.push((input.source.to_string(), bytes));
    }
    let received: Vec<ReceivedBody<'_>> = bodies
        .iter()
        .zip(&times)
        .map(|((name, bytes), at)| ReceivedBody::new(name, *at, bytes))
        .collect();
    let start = match args.start_at {
        Some(at) => CallStart::At(Timestamp::ZERO.saturating_add(at)),
        None if args.initial_timeout.is_some() => CallStart::At(Timestamp::ZERO),
        None => CallStart::FirstTone,
    };
    if args.type_ahead > 0 && args.start_at.is_none_or(|at| at.is_zero()) {
        // Nothing restarts a collection here: only keys before --start-at are
        // ever type-ahead.
        output::warning(
            stderr,
            "--type-ahead does nothing without --start-at: each call starts collecting at its \
             first key (at 0 s with --initial-timeout), so no key comes before its start; add \
             --start-at TIME, when the prompt would end",
        )?;
    }
    let report = collect_from(start, options, &received).map_err(options_error)?;
    for problem in &report.problems {
        let message = format_args!("{}: {}", problem.source, problem.message);
        if problem.is_error {
            output::error(stderr, message)?;
        } else {
            output::warning(stderr, message)?;
        }
    }
    collect::warn_dropped_type_ahead(stderr, &report, args.type_ahead)?;
    match args.format {
        Format::Json => output::json(stdout, &report)?,
        Format::Human => collect::render(stdout, &report)?,
    }
    Ok(status(report.has_errors()))
}

fn run_schema(args: SchemaArgs, stdout: &mut dyn Write) -> Result<ExitStatus, Fatal> {
    let one = args.name.is_some();
    let schemas = select_schemas(args.name.as_deref()).map_err(usage)?;
    let Some(dir) = args.out else {
        if args.jsonl {
            // One schema per line, compact.
            for schema in &schemas {
                serde_json::to_writer(&mut *stdout, &schema.schema).map_err(io::Error::from)?;
                writeln!(stdout)?;
            }
        } else if one {
            // The one schema, exactly as its file in schemas/.
            for schema in &schemas {
                stdout.write_all(schema.to_file_contents().as_bytes())?;
            }
        } else {
            // One JSON document: every schema, keyed by its name.
            output::json(stdout, &schema::keyed_by_name(&schemas))?;
        }
        return Ok(ExitStatus::Success);
    };
    std::fs::create_dir_all(&dir)
        .map_err(|err| usage(format!("{}: cannot create: {err}", dir.display())))?;
    for schema in &schemas {
        let path = dir.join(schema.file_name);
        std::fs::write(&path, schema.to_file_contents())
            .map_err(|err| usage(format!("{}: cannot write: {err}", path.display())))?;
        Line::new()
            .text(format_args!("wrote {}", path.display()))
            .write(stdout)?;
    }
    Ok(ExitStatus::Success)
}

/// The repository's README: its Rust examples run as doctests here, where
/// every library crate is a (dev-)dependency.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

#[cfg(test)]
mod examples {
    //! The reports behind `--format json`, in process: their JSON is what the
    //! command prints, and their `Debug` shows no tone or digit.

    #[test]
    fn reports_serialise_as_the_json_output_and_debug_redacts()
    -> Result<(), Box<dyn std::error::Error>> {
        use crate::{CallStart, ReceivedBody, check, collect_from, decode};
        use graph_comms_dtmf::{CollectorOptions, Timestamp};

        // graph-comms check --path /app/calls/abc/subscribeToTone --format json
        let report = check(Some("/app/calls/abc/subscribeToTone"), None);
        assert_eq!(
            serde_json::to_value(&report)?["diagnostics"][0]["replacement"],
            "/communications/calls/abc/subscribeToTone"
        );

        // graph-comms decode --format json (the documented notification)
        let body = br##"{"value": [{"resourceUrl": "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896",
            "resourceData": {"@odata.type": "#microsoft.graph.call", "toneInfo": {"sequenceId": 1, "tone": "tone1"}}}]}"##;
        let report = decode(body)?;
        assert_eq!(
            serde_json::to_string(&report)?,
            r#"{"notifications":1,"tones":[{"callId":"57dab8b1-894c-409a-b240-bd8beae78896","sequenceId":1,"tone":"tone1"}],"operations":[],"callEvents":[],"errors":[]}"#
        );
        // Debug output stays free of tones.
        assert!(!format!("{report:?}").contains("tone1"));

        // graph-comms collect --max-digits 1 body.json --format json
        let report = collect_from(
            CallStart::FirstTone,
            CollectorOptions::new().with_max_digits(1),
            &[ReceivedBody::new("body.json", Timestamp::ZERO, body)],
        )?;
        assert_eq!(
            serde_json::to_string(&report)?,
            r#"{"calls":[{"callId":"57dab8b1-894c-409a-b240-bd8beae78896","digits":"1","reason":"max-digits","firstKeyMs":0}]}"#
        );
        assert!(format!("{report:?}").contains("digits: Digits(<1 redacted>)"));
        Ok(())
    }
}
