//! [`Expectations`] about the bot, what the emulator saw of one call
//! ([`CallRecord`]), and the verdict ([`FailedExpectation`]).

use super::MAX_DURATION;
use super::call::duration_text;
use super::error::ScenarioError;
use super::read::{self, Object};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// What the bot must do on each call. Every expectation is optional in a
/// file; absent, it takes its default:
///
/// | property | default | checks |
/// |---|---|---|
/// | `answeredWithin` | `"15s"` | the bot answered the incoming call within this (the service's budget is 15 s) |
/// | `subscribedBeforeFirstKey` | `true` | no key the caller pressed was lost because the bot had not subscribed to tones yet |
/// | `playedPrompt` | `false` | the bot played at least one prompt |
/// | `hungUp` | `false` | the bot ended the call itself, before the caller hung up |
/// | `callbacksAnsweredWithin` | `"5s"` | the bot answered every callback with a 2xx within this (the service's budget is 5 s) |
///
/// A duration set to `null` turns its check off; `false` turns a yes/no
/// check off (it never means "expect the opposite").
///
/// ```json
/// "expect": {"playedPrompt": true, "hungUp": true, "answeredWithin": "2s"}
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Expectations {
    /// The bot answers the incoming call within this long of its `created`
    /// notification (default `"15s"`, the service's budget; `null`: not
    /// checked).
    #[serde(default = "default_answered_within", with = "duration_text::option")]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "Option<super::schema::DurationText>")
    )]
    pub answered_within: Option<Duration>,

    /// The bot subscribes to tones before the caller's first key, so that no
    /// key is lost (default `true`).
    #[serde(default = "yes")]
    pub subscribed_before_first_key: bool,

    /// The bot plays at least one prompt (default `false`: not checked).
    #[serde(default)]
    pub played_prompt: bool,

    /// The bot hangs up (`DELETE` on the call) before the caller does
    /// (default `false`: not checked).
    #[serde(default)]
    pub hung_up: bool,

    /// The bot answers every callback with a 2xx status within this long
    /// (default `"5s"`, the service's budget; `null`: not checked).
    #[serde(
        default = "default_callbacks_answered_within",
        with = "duration_text::option"
    )]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "Option<super::schema::DurationText>")
    )]
    pub callbacks_answered_within: Option<Duration>,
}

// The schema's default (the reader applies its own).
#[cfg(feature = "schemars")]
fn default_answered_within() -> Option<Duration> {
    Some(Expectations::ANSWER_BUDGET)
}

// The schema's default (the reader applies its own).
#[cfg(feature = "schemars")]
fn default_callbacks_answered_within() -> Option<Duration> {
    Some(Expectations::CALLBACK_BUDGET)
}

// The schema's default (the reader applies its own).
#[cfg(feature = "schemars")]
fn yes() -> bool {
    true
}

impl Default for Expectations {
    fn default() -> Self {
        Expectations {
            answered_within: Some(Self::ANSWER_BUDGET),
            subscribed_before_first_key: true,
            played_prompt: false,
            hung_up: false,
            callbacks_answered_within: Some(Self::CALLBACK_BUDGET),
        }
    }
}

impl Expectations {
    /// The service's budget for answering an incoming call: 15 s
    /// (<https://learn.microsoft.com/graph/api/call-answer>). The emulator
    /// ends a call still unanswered after it (408/1106); one home for the
    /// budget, the expectation's default and the emulator's deadline.
    pub const ANSWER_BUDGET: Duration = Duration::from_secs(15);
    /// The service's budget for acknowledging a callback: 5 s (a Microsoft
    /// engineer in microsoftgraph/microsoft-graph-comms-samples#191: the call
    /// ends when the bot "didn't respond within 5 seconds or didn't answer
    /// within 15 seconds"). The emulator gives up on a callback after it, and
    /// a `created` notification answered later ends the call (408/1106).
    pub const CALLBACK_BUDGET: Duration = Duration::from_secs(5);

    const PROPERTIES: &'static [&'static str] = &[
        "answeredWithin",
        "subscribedBeforeFirstKey",
        "playedPrompt",
        "hungUp",
        "callbacksAnsweredWithin",
    ];

    pub(crate) fn read(value: &Value, path: &str) -> Result<Expectations, ScenarioError> {
        let object = Object::read(value, path, "the expectations", Self::PROPERTIES)?;
        let defaults = Expectations::default();
        // `null` is a value here: the check is off.
        let within = |v: &Value, p: &str| read::optional_duration(v, p, MAX_DURATION);
        Ok(Expectations {
            answered_within: object
                .optional("answeredWithin", within)?
                .unwrap_or(defaults.answered_within),
            subscribed_before_first_key: object
                .optional("subscribedBeforeFirstKey", read::boolean)?
                .unwrap_or(defaults.subscribed_before_first_key),
            played_prompt: object
                .optional("playedPrompt", read::boolean)?
                .unwrap_or(defaults.played_prompt),
            hung_up: object
                .optional("hungUp", read::boolean)?
                .unwrap_or(defaults.hung_up),
            callbacks_answered_within: object
                .optional("callbacksAnsweredWithin", within)?
                .unwrap_or(defaults.callbacks_answered_within),
        })
    }

    /// Checks what the emulator saw of one call against these expectations.
    /// `call_index` is the call's place in the run, from 0 (the messages
    /// number calls from 1, as a person counts). Empty when every
    /// expectation held.
    ///
    /// ```
    /// use graph_comms_emulator::scenario::{CallRecord, ExpectationKind, Expectations};
    /// use std::time::Duration;
    ///
    /// let mut record = CallRecord::default();
    /// record.answered_after = Some(Duration::from_millis(40));
    /// record.subscribed = true; // but late:
    /// record.keys_pressed = 5;
    /// record.lost_tones = 2;
    /// let failed = Expectations::default().evaluate(0, &record);
    /// assert_eq!(failed.len(), 1);
    /// assert_eq!(failed[0].kind(), ExpectationKind::SubscribedBeforeFirstKey);
    /// assert_eq!(
    ///     failed[0].to_string(),
    ///     "call 1: expected the bot to subscribe to tones before the first key; 2 keys were lost"
    /// );
    /// ```
    pub fn evaluate(&self, call_index: usize, record: &CallRecord) -> Vec<FailedExpectation> {
        let mut failed = Vec::new();
        let mut fail = |kind, detail: String| {
            failed.push(FailedExpectation {
                call_index,
                kind,
                expected: self.describe(kind),
                detail,
            })
        };
        if let Some(budget) = self.answered_within {
            match record.answered_after {
                None => fail(ExpectationKind::AnsweredWithin, "it never answered".into()),
                Some(after) if after > budget => fail(
                    ExpectationKind::AnsweredWithin,
                    format!("it answered after {}", millis(after)),
                ),
                Some(_) => {}
            }
        }
        if self.subscribed_before_first_key && record.lost_tones > 0 {
            let keys = plural(record.lost_tones, "key was", "keys were");
            let detail = if record.subscribed {
                format!("{keys} lost")
            } else {
                format!("{keys} lost (it never subscribed)")
            };
            fail(ExpectationKind::SubscribedBeforeFirstKey, detail);
        }
        if self.played_prompt && record.prompts_played == 0 {
            fail(ExpectationKind::PlayedPrompt, "it played none".into());
        }
        if self.hung_up && !record.bot_hung_up {
            let detail = if record.caller_hung_up {
                "the caller hung up first"
            } else {
                "it never did"
            };
            fail(ExpectationKind::HungUp, detail.into());
        }
        if let Some(budget) = self.callbacks_answered_within {
            let late: Vec<(usize, &CallbackAnswer)> = record
                .callbacks
                .iter()
                .enumerate()
                .filter(|(_, a)| !a.is_success() || a.latency > budget)
                .collect();
            if let Some(&(index, first)) = late.first() {
                let how = match first.status {
                    Some(status) => format!("answered {status} after {}", millis(first.latency)),
                    None => format!("got no answer in {}", millis(first.latency)),
                };
                fail(
                    ExpectationKind::CallbacksAnsweredWithin,
                    format!(
                        "{} of {} did not (the first, callback {}, {how})",
                        late.len(),
                        record.callbacks.len(),
                        index + 1
                    ),
                );
            }
        }
        failed
    }

    /// What `kind` expects, in words, with this scenario's values.
    fn describe(&self, kind: ExpectationKind) -> String {
        let within = |d: Option<Duration>| d.map(millis).unwrap_or_default();
        match kind {
            ExpectationKind::AnsweredWithin => format!(
                "expected the bot to answer within {}",
                within(self.answered_within)
            ),
            ExpectationKind::SubscribedBeforeFirstKey => {
                "expected the bot to subscribe to tones before the first key".into()
            }
            ExpectationKind::PlayedPrompt => "expected the bot to play a prompt".into(),
            ExpectationKind::HungUp => "expected the bot to hang up".into(),
            ExpectationKind::CallbacksAnsweredWithin => format!(
                "expected the bot to answer every callback with 2xx within {}",
                within(self.callbacks_answered_within)
            ),
        }
    }
}

/// A duration for a person: `15s`, `1s 250ms`, `40ms` (whole milliseconds).
fn millis(d: Duration) -> String {
    let whole = Duration::from_millis(u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    if whole.is_zero() && !d.is_zero() {
        return "under 1ms".into();
    }
    humantime::format_duration(whole).to_string()
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What the emulator saw of one call: the runtime fills it in as the call
/// goes, and [`Expectations::evaluate`] judges it.
///
/// Build it with `CallRecord::default()` and set the fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallRecord {
    /// The time from the incoming call's `created` notification to the bot's
    /// `answer` request; `None` when the bot never answered.
    pub answered_after: Option<Duration>,
    /// Whether the bot subscribed to tones on this call.
    pub subscribed: bool,
    /// How many keys the caller pressed in all.
    pub keys_pressed: u32,
    /// How many of them were lost: pressed before the bot subscribed to
    /// tones (or while the call was not established), so never sent.
    pub lost_tones: u32,
    /// How many `playPrompt` requests the emulator accepted on this call.
    pub prompts_played: u32,
    /// Whether the bot ended the call (`DELETE`) before the caller hung up.
    pub bot_hung_up: bool,
    /// Whether the caller hung up (a `hangup` step) before the bot did.
    pub caller_hung_up: bool,
    /// Each callback POST of this call, in the order sent, with the bot's
    /// answer.
    pub callbacks: Vec<CallbackAnswer>,
}

/// How the bot answered one callback POST.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackAnswer {
    /// The HTTP status the bot answered; `None` when it did not answer (the
    /// connection failed or the emulator gave up waiting).
    pub status: Option<u16>,
    /// The time from sending the POST to the answer (or to giving up).
    pub latency: Duration,
    /// How many tone notifications (`toneInfo`) the POST carried. The
    /// emulator does not retry a callback (whether the service does is not
    /// documented), so a tone in a POST answered with anything but a 2xx
    /// is lost to the bot, unless a duplicate of that POST was acknowledged.
    pub tones: u32,
}

impl CallbackAnswer {
    /// A callback answered with `status` after `latency`.
    pub fn answered(status: u16, latency: Duration) -> Self {
        CallbackAnswer {
            status: Some(status),
            latency,
            tones: 0,
        }
    }

    /// A callback the bot did not answer; the emulator gave up after
    /// `waited`.
    pub fn unanswered(waited: Duration) -> Self {
        CallbackAnswer {
            status: None,
            latency: waited,
            tones: 0,
        }
    }

    /// The same answer, to a POST that carried `tones` tone notifications.
    #[must_use]
    pub fn with_tones(self, tones: u32) -> Self {
        CallbackAnswer { tones, ..self }
    }

    /// Whether the status is a 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// As the control API shows it: `{"status": 202, "latencyMs": 12, "tones":
/// 1}`.
impl Serialize for CallbackAnswer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("CallbackAnswer", 3)?;
        out.serialize_field("status", &self.status)?;
        out.serialize_field(
            "latencyMs",
            &u64::try_from(self.latency.as_millis()).unwrap_or(u64::MAX),
        )?;
        out.serialize_field("tones", &self.tones)?;
        out.end()
    }
}

/// Which expectation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpectationKind {
    /// `answeredWithin`.
    AnsweredWithin,
    /// `subscribedBeforeFirstKey`.
    SubscribedBeforeFirstKey,
    /// `playedPrompt`.
    PlayedPrompt,
    /// `hungUp`.
    HungUp,
    /// `callbacksAnsweredWithin`.
    CallbacksAnsweredWithin,
}

impl ExpectationKind {
    /// The property of the scenario file that states this expectation.
    pub fn property(self) -> &'static str {
        match self {
            ExpectationKind::AnsweredWithin => "answeredWithin",
            ExpectationKind::SubscribedBeforeFirstKey => "subscribedBeforeFirstKey",
            ExpectationKind::PlayedPrompt => "playedPrompt",
            ExpectationKind::HungUp => "hungUp",
            ExpectationKind::CallbacksAnsweredWithin => "callbacksAnsweredWithin",
        }
    }
}

/// An expectation that did not hold on one call. `Display` names the call
/// (from 1), the expectation and what happened instead, such as `call 1:
/// expected the bot to subscribe to tones before the first key; 2 keys were
/// lost`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedExpectation {
    call_index: usize,
    kind: ExpectationKind,
    expected: String,
    detail: String,
}

impl FailedExpectation {
    /// Which expectation failed.
    pub fn kind(&self) -> ExpectationKind {
        self.kind
    }

    /// The call's place in the run, from 0.
    pub fn call_index(&self) -> usize {
        self.call_index
    }
}

impl fmt::Display for FailedExpectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "call {}: {}; {}",
            self.call_index + 1,
            self.expected,
            self.detail
        )
    }
}
