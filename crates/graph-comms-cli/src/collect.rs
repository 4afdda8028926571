//! `graph-comms collect`: callback bodies through graph-comms-dtmf's
//! `CallCollectors`, with receive times from the command line.

use crate::ReceiveTime;
use crate::output::{self, DIM, EMPHASIS, Line, WARNING};
use graph_comms_dtmf::{
    Admission, CallCollectors, CallLimits, CollectorOptions, CompletionReason, Digits,
    OptionsError, Timestamp,
};
use graph_comms_models::{CommsNotifications, ReadError};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Duration;

/// One callback body and when it was received.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct ReceivedBody<'a> {
    /// The name its problems are reported under (a file name, `<stdin>`).
    pub name: &'a str,
    /// When it was received.
    pub at: Timestamp,
    /// The commsNotifications JSON.
    pub body: &'a [u8],
}

impl<'a> ReceivedBody<'a> {
    /// A body named `name`, received at `at`.
    pub fn new(name: &'a str, at: Timestamp, body: &'a [u8]) -> Self {
        ReceivedBody { name, at, body }
    }
}

/// What `collect` found.
///
/// Serialises as the CLI's JSON, `{"calls": [{"callId", "digits", "reason",
/// "firstKeyMs"}]}`: digits as a string of `0`–`9`, `*`, `#`, `A`–`D`, the
/// reason in kebab-case, when the first key was pressed in ms (or null);
/// when a body could not be read, also `"errors": [{"source", "message"}]`
/// (warnings stay on stderr). `Debug` does not show the digits.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CollectReport {
    /// One entry per collection that ended, in the order they ended.
    pub calls: Vec<CollectedCall>,
    /// What could not be read, in input order (on stderr; the errors among
    /// them also in the JSON, as `errors`).
    #[serde(
        rename = "errors",
        serialize_with = "errors_only",
        skip_serializing_if = "no_errors"
    )]
    pub problems: Vec<InputProblem>,
    /// First-key signals not yet matched with their call's completion.
    #[serde(skip)]
    first_keys: BTreeMap<String, Timestamp>,
}

impl CollectReport {
    /// Whether a body could not be read at all (exit status 1).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|problem| problem.is_error)
    }
}

/// How one call's collection ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CollectedCall {
    /// The call.
    pub call_id: String,
    /// The digits (redacted in `Debug`; a string in JSON).
    #[serde(serialize_with = "expose_digits")]
    pub digits: Digits,
    /// Why the collection ended.
    pub reason: CompletionReason,
    /// When its first key was pressed (the barge-in signal: when a bot would
    /// cancel its prompt), in ms since the start; `None` without a key.
    #[serde(rename = "firstKeyMs", serialize_with = "millis")]
    pub first_key_at: Option<Timestamp>,
    /// How many sequence ids never arrived during the collection: if not 0,
    /// keys may be missing from `digits` (human output only).
    #[serde(skip)]
    pub missed_tones: u64,
    /// How many keys pressed before the collection started were dropped
    /// because `--type-ahead` had no room left: if not 0, keys are missing
    /// from `digits` (a warning on stderr).
    #[serde(skip)]
    pub dropped_type_ahead: u64,
}

/// A body or a notification that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InputProblem {
    /// The body's name.
    pub source: String,
    /// What is wrong (never quotes a tone).
    pub message: String,
    /// `true`: the whole body was unusable (exit status 1); `false`: one
    /// notification or tone was skipped (a warning).
    pub is_error: bool,
}

fn no_errors(problems: &[InputProblem]) -> bool {
    !problems.iter().any(|problem| problem.is_error)
}

fn errors_only<S: Serializer>(problems: &[InputProblem], serializer: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Entry<'a> {
        source: &'a str,
        message: &'a str,
    }
    serializer.collect_seq(
        problems
            .iter()
            .filter(|problem| problem.is_error)
            .map(|problem| Entry {
                source: &problem.source,
                message: &problem.message,
            }),
    )
}

fn millis<S: Serializer>(at: &Option<Timestamp>, serializer: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => serializer.serialize_u64(at.as_millis()),
        None => serializer.serialize_none(),
    }
}

fn expose_digits<S: Serializer>(digits: &Digits, serializer: S) -> Result<S::Ok, S::Error> {
    // The user asked `collect` for the digits: this is the explicit read.
    serializer.serialize_str(digits.expose())
}

/// The receive time of each body: [`ReceiveTime::Next`] is `interval` after
/// the one before (the first at 0), [`ReceiveTime::At`] is since the start,
/// [`ReceiveTime::After`] since the one before (the first: since the start).
///
/// # Errors
///
/// The position (from 0) of a body whose [`ReceiveTime::At`] is before the
/// body ahead of it: bodies are received in the order given.
pub fn receive_times(times: &[ReceiveTime], interval: Duration) -> Result<Vec<Timestamp>, usize> {
    let mut out: Vec<Timestamp> = Vec::with_capacity(times.len());
    for (index, time) in times.iter().enumerate() {
        let previous = out.last().copied();
        let at = match (*time, previous) {
            (ReceiveTime::Next, None) => Timestamp::ZERO,
            (ReceiveTime::Next, Some(previous)) => previous.saturating_add(interval),
            (ReceiveTime::After(after), previous) => {
                previous.unwrap_or(Timestamp::ZERO).saturating_add(after)
            }
            (ReceiveTime::At(at), previous) => {
                let at = Timestamp::ZERO.saturating_add(at);
                if previous.is_some_and(|previous| at < previous) {
                    return Err(index);
                }
                at
            }
        };
        out.push(at);
    }
    Ok(out)
}

/// When a call's collection starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallStart {
    /// At its first tone (a collection that no tone starts does not exist,
    /// so the initial timeout cannot fire).
    #[default]
    FirstTone,
    /// Every call in the input at this time, as a bot starts collecting when
    /// its prompt ends: the initial timeout fires for a caller slow to start.
    /// Before it, each call is tracked from 0 and its keys are type-ahead.
    /// What `graph-comms collect --initial-timeout` (at 0) and `--start-at`
    /// do.
    At(Timestamp),
}

/// Feeds the tone events of `bodies`, in order, each at its receive time,
/// through one [`CallCollectors`] with `options` and the default
/// [`CallLimits`], the calls started as `start` says, and returns how each
/// collection ended.
///
/// Between bodies, the timeouts due are applied in deadline order (as a
/// driver that sleeps until `next_deadline()` would). After the last body,
/// time runs on until nothing is left to wait for: every timeout fires, and a
/// collection no timeout can end is cancelled when its call has been idle for
/// the idle timeout. All the rules are graph-comms-dtmf's.
///
/// # Errors
///
/// The options are invalid ([`CollectorOptions::validate`]).
pub fn collect_from(
    start: CallStart,
    options: CollectorOptions,
    bodies: &[ReceivedBody<'_>],
) -> Result<CollectReport, OptionsError> {
    let mut calls = CallCollectors::new(options, CallLimits::default())?;
    let mut report = CollectReport::default();
    let batches: Vec<Result<CommsNotifications, ReadError>> = bodies
        .iter()
        .map(|body| crate::decode::read_batch(body.body))
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    let mut pending_start = None;
    if let CallStart::At(at) = start {
        for batch in batches.iter().flatten() {
            for event in batch.tone_events().flatten() {
                if ids.insert(event.call_id.to_owned()) {
                    // A call id the limits refuse is reported when its tone comes.
                    let _ = if at == Timestamp::ZERO {
                        calls.start(Timestamp::ZERO, event.call_id)
                    } else {
                        calls.track(Timestamp::ZERO, event.call_id)
                    };
                }
            }
        }
        pending_start = Some(at).filter(|at| *at > Timestamp::ZERO);
    }
    let type_ahead = calls.options().type_ahead();
    for (body, batch) in bodies.iter().zip(&batches) {
        if let Some(at) = pending_start.filter(|at| *at <= body.at) {
            start_all(&mut calls, at, &ids, &mut report);
            pending_start = None;
        }
        run_timeouts(&mut calls, body.at, &mut report);
        let batch = match batch {
            Ok(batch) => batch,
            Err(err) => {
                report.problems.push(InputProblem {
                    source: body.name.to_owned(),
                    message: format!("not a commsNotifications body: {err}"),
                    is_error: true,
                });
                continue;
            }
        };
        for event in batch.tone_events() {
            let skipped = match event {
                Err(err) => Some(err.to_string()),
                Ok(event) => {
                    // A call tracked but no longer collecting: its collection
                    // ended before this tone came, and the tone starts nothing.
                    let early = pending_start.is_some() && type_ahead == 0;
                    let late = pending_start.is_none()
                        && calls.contains(event.call_id)
                        && !calls.is_collecting(event.call_id);
                    match calls.handle_event(body.at, &event) {
                        Ok(Admission::Backlogged) => Some(format!(
                            "notification {}: the tone was not taken (the sequencer is backlogged)",
                            event.notification_index
                        )),
                        Ok(_) if early => Some(format!(
                            "notification {}: the tone arrived before its call's collection \
                             started (--start-at), so it was dropped (--type-ahead N keeps it)",
                            event.notification_index
                        )),
                        Ok(_) if late => Some(format!(
                            "notification {}: the tone arrived after its collection ended, so it \
                             was not collected (a longer --inter-digit-timeout or \
                             --initial-timeout keeps the collection going)",
                            event.notification_index
                        )),
                        Ok(_) => None,
                        Err(err) => Some(format!(
                            "notification {}: the tone was not taken: {err}",
                            event.notification_index
                        )),
                    }
                }
            };
            if let Some(message) = skipped {
                report.problems.push(InputProblem {
                    source: body.name.to_owned(),
                    message,
                    is_error: false,
                });
            }
            drain(&mut calls, &mut report);
        }
    }
    if let Some(at) = pending_start {
        start_all(&mut calls, at, &ids, &mut report);
    }
    run_timeouts(&mut calls, Timestamp::MAX, &mut report);
    // Only if a deadline failed to pass (which graph-comms-dtmf rules out):
    // whatever is still going ends here rather than being left out.
    let going: Vec<String> = calls
        .call_ids()
        .filter(|id| calls.is_collecting(id))
        .map(str::to_owned)
        .collect();
    for id in going {
        calls.cancel(Timestamp::MAX, &id);
    }
    drain(&mut calls, &mut report);
    Ok(report)
}

/// Starts every call of the input at `at`, the deadlines before it applied.
fn start_all(
    calls: &mut CallCollectors,
    at: Timestamp,
    ids: &std::collections::BTreeSet<String>,
    report: &mut CollectReport,
) {
    run_timeouts(calls, at, report);
    for id in ids {
        // A call id the limits refuse was reported when its tone came.
        let _ = calls.start(at, id);
        drain(calls, report);
    }
}

/// Applies every deadline up to `until`, earliest first, so that completions
/// come out in the order they happen.
fn run_timeouts(calls: &mut CallCollectors, until: Timestamp, report: &mut CollectReport) {
    let mut previous = None;
    while let Some(deadline) = calls.next_deadline() {
        if deadline > until {
            break;
        }
        if previous == Some(deadline) {
            // Stepping made no progress (graph-comms-dtmf rules this out):
            // apply everything due by `until` at once, which gives the same
            // results, only perhaps in another order between calls.
            calls.handle_timeout(until);
            drain(calls, report);
            break;
        }
        calls.handle_timeout(deadline);
        drain(calls, report);
        previous = Some(deadline);
    }
}

fn drain(calls: &mut CallCollectors, report: &mut CollectReport) {
    // A call has one collection here (nothing restarts it), so its first
    // signal is its collection's.
    while let Some(key) = calls.poll_first_key() {
        report.first_keys.entry(key.call_id).or_insert(key.at);
    }
    while let Some(done) = calls.poll_completion() {
        let first_key_at = report.first_keys.get(&done.call_id).copied();
        report.calls.push(CollectedCall {
            call_id: done.call_id,
            digits: done.completion.digits,
            reason: done.completion.reason,
            first_key_at,
            missed_tones: done.completion.missed_tones,
            dropped_type_ahead: done.completion.dropped_type_ahead,
        });
    }
}

/// A warning for each collection that lost keys typed ahead beyond
/// `--type-ahead` (a count, never the keys). With `--type-ahead 0` each such
/// key has had its own warning already, naming the body it came in.
pub(crate) fn warn_dropped_type_ahead(
    stderr: &mut dyn Write,
    report: &CollectReport,
    type_ahead: u16,
) -> io::Result<()> {
    if type_ahead == 0 {
        return Ok(());
    }
    for call in report
        .calls
        .iter()
        .filter(|call| call.dropped_type_ahead > 0)
    {
        output::warning(
            stderr,
            format_args!(
                "call {}: {} before its collection started (--start-at) found no room and \
                 {} dropped: --type-ahead {type_ahead} keeps only the first {type_ahead}, so \
                 its digits lack keys (a larger --type-ahead keeps them)",
                call.call_id,
                output::count(
                    usize::try_from(call.dropped_type_ahead).unwrap_or(usize::MAX),
                    "key pressed",
                    "keys pressed"
                ),
                if call.dropped_type_ahead == 1 {
                    "was"
                } else {
                    "were"
                },
            ),
        )?;
    }
    Ok(())
}

/// Human output: one line per collection on stdout, then a warning for any
/// keys that never arrived. The call ids come from the input: [`Line`] makes
/// them safe for a terminal.
pub(crate) fn render(out: &mut dyn Write, report: &CollectReport) -> io::Result<()> {
    if report.calls.is_empty() {
        // Tones refused (a call id that is no id, a body not read) are on
        // stderr: say so rather than that there were none.
        let why = if report.problems.is_empty() {
            "the input has no tone events"
        } else {
            "no tone of the input was taken (stderr says why)"
        };
        return Line::new()
            .text(format_args!("no digits collected: {why}"))
            .write(out);
    }
    for call in &report.calls {
        let line = Line::new().text(&call.call_id).text("  ");
        let line = if call.digits.is_empty() {
            line.styled(DIM, "(no digits)")
        } else {
            line.styled(EMPHASIS, call.digits.expose())
        };
        let mut line = line.text("  ").styled(DIM, call.reason);
        if call.missed_tones > 0 {
            line = line.text("  ").styled(
                WARNING,
                format_args!(
                    "({} missing: keys may be lost)",
                    output::count(
                        usize::try_from(call.missed_tones).unwrap_or(usize::MAX),
                        "sequence id",
                        "sequence ids"
                    )
                ),
            );
        }
        line.write(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod examples {
    //! What the functions above do, by example (doctests while the crate
    //! exposed them; the command itself is tested through `run` and the
    //! binary, in tests/).

    #[test]
    fn receive_times_example() -> Result<(), usize> {
        use crate::{ReceiveTime, receive_times};
        use graph_comms_dtmf::Timestamp;
        use std::time::Duration;

        let times = receive_times(
            &[
                ReceiveTime::Next,
                ReceiveTime::Next,
                ReceiveTime::After(Duration::from_millis(300)),
                ReceiveTime::At(Duration::from_secs(5)),
            ],
            Duration::from_secs(1),
        )?;
        assert_eq!(times, [0, 1_000, 1_300, 5_000].map(Timestamp::from_millis));
        assert_eq!(
            receive_times(
                &[
                    ReceiveTime::At(Duration::from_secs(2)),
                    ReceiveTime::At(Duration::ZERO)
                ],
                Duration::ZERO
            ),
            Err(1)
        );
        Ok(())
    }

    #[test]
    fn collect_from_the_first_tone_example() -> Result<(), graph_comms_dtmf::OptionsError> {
        use crate::{CallStart, ReceivedBody, collect_from};
        use graph_comms_dtmf::{CollectorOptions, CompletionReason, Timestamp};

        let key = |seq: u32, tone: &str| {
            format!(
                r##"{{"value": [{{"resourceUrl": "/communications/calls/abc",
                 "resourceData": {{"@odata.type": "#microsoft.graph.call",
                                  "toneInfo": {{"sequenceId": {seq}, "tone": "{tone}"}}}}}}]}}"##
            )
        };
        let (one, two, pound) = (key(1, "tone4"), key(2, "tone2"), key(3, "pound"));
        let report = collect_from(
            CallStart::FirstTone,
            CollectorOptions::new(),
            &[
                ReceivedBody::new("one.json", Timestamp::from_millis(0), one.as_bytes()),
                ReceivedBody::new("pound.json", Timestamp::from_millis(600), pound.as_bytes()), // before key 2
                ReceivedBody::new("two.json", Timestamp::from_millis(900), two.as_bytes()),
            ],
        )?;
        assert_eq!(report.calls[0].call_id, "abc");
        assert_eq!(report.calls[0].digits.expose(), "42");
        assert_eq!(report.calls[0].reason, CompletionReason::StopTone);
        Ok(())
    }

    #[test]
    fn collect_from_zero_example() -> Result<(), graph_comms_dtmf::OptionsError> {
        use crate::{CallStart, ReceivedBody, collect_from};
        use graph_comms_dtmf::{CollectorOptions, CompletionReason, Timestamp};
        use std::time::Duration;

        let key = br##"{"value": [{"resourceUrl": "/communications/calls/abc",
            "resourceData": {"@odata.type": "#microsoft.graph.call",
                             "toneInfo": {"sequenceId": 1, "tone": "tone4"}}}]}"##;
        let options = CollectorOptions::new().with_initial_timeout(Some(Duration::from_secs(2)));
        // The first key 3 s after the start: too late for a 2 s initial timeout.
        let late = [ReceivedBody::new(
            "late.json",
            Timestamp::from_millis(3_000),
            key,
        )];
        let report = collect_from(CallStart::At(Timestamp::ZERO), options.clone(), &late)?;
        assert_eq!(report.calls[0].reason, CompletionReason::InitialTimeout);
        assert!(
            report.problems[0]
                .message
                .contains("after its collection ended")
        );
        // Started at its first key instead, the call collects it.
        let report = collect_from(CallStart::FirstTone, options, &late)?;
        assert_eq!(report.calls[0].digits.expose(), "4");
        Ok(())
    }
}
