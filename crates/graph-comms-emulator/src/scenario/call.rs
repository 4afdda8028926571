//! [`ScriptedCall`]: one incoming call and what its caller does.

use super::error::{ScenarioError, ScenarioErrorKind};
use super::read::{self, Object};
use super::{Expectations, Faults, MAX_DURATION};
use graph_comms_dtmf::Digits;
use graph_comms_models::Tone;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// One incoming call of a scenario: who calls, when, and the caller's script.
///
/// In a file:
///
/// ```json
/// {
///   "comment": "types the PIN during the greeting",
///   "from": {"phone": "+14255550100"},
///   "startAfter": "1s",
///   "promptDuration": "3s",
///   "steps": [
///     {"after": "500ms", "press": "1234#", "interval": "150ms"},
///     {"after": "10s", "hangup": true}
///   ]
/// }
/// ```
///
/// Only `steps` matters to most scenarios; every other property has a default.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct ScriptedCall {
    /// Free text for the reader of the file; the emulator ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,

    /// The caller's number, as the bot sees it in the incoming call's
    /// `source`. Absent: the emulator makes one up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<CallerId>,

    /// When the call rings, counted from the start of the scenario (default
    /// `0s`: at once).
    #[serde(default, with = "duration_text")]
    #[cfg_attr(feature = "schemars", schemars(with = "super::schema::DurationText"))]
    pub start_after: Duration,

    /// How long each prompt the bot plays lasts before its operation
    /// completes (default `2s`), unless the bot cancels it.
    #[serde(default = "default_prompt_duration", with = "duration_text")]
    #[cfg_attr(feature = "schemars", schemars(with = "super::schema::DurationText"))]
    pub prompt_duration: Duration,

    /// How long the caller speaks when the bot records a response (default
    /// `2s`). The recording then ends by silence, or by its maximum duration
    /// when this is longer, or by a stop tone when a step presses one first.
    #[serde(default = "default_response_duration", with = "duration_text")]
    #[cfg_attr(feature = "schemars", schemars(with = "super::schema::DurationText"))]
    pub response_duration: Duration,

    /// What the caller does, in order. The first step's `after` counts from
    /// when the call is established (the caller hears the bot); each later
    /// one from the end of the step before. Keys pressed before the bot
    /// subscribed to tones are lost, as with the service. With no `hangup`
    /// step, the caller stays on the line until the bot hangs up or the
    /// scenario's `timeout`.
    #[serde(default)]
    pub steps: Vec<CallerStep>,

    /// Faults for this call only, replacing the scenario's `faults` (not
    /// merged with them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faults: Option<Faults>,

    /// Expectations for this call only, replacing the scenario's `expect`
    /// (not merged with them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expectations>,
}

// The schema's default (the reader applies its own).
#[cfg(feature = "schemars")]
fn default_prompt_duration() -> Duration {
    ScriptedCall::DEFAULT_PROMPT_DURATION
}

// The schema's default (the reader applies its own).
#[cfg(feature = "schemars")]
fn default_response_duration() -> Duration {
    ScriptedCall::DEFAULT_RESPONSE_DURATION
}

impl Default for ScriptedCall {
    fn default() -> Self {
        ScriptedCall {
            comment: None,
            from: None,
            start_after: Duration::ZERO,
            prompt_duration: Self::DEFAULT_PROMPT_DURATION,
            response_duration: Self::DEFAULT_RESPONSE_DURATION,
            steps: Vec::new(),
            faults: None,
            expect: None,
        }
    }
}

impl ScriptedCall {
    /// How long a prompt plays when the scenario does not say.
    pub const DEFAULT_PROMPT_DURATION: Duration = Duration::from_secs(2);
    /// How long the caller speaks into a recording when the scenario does not
    /// say.
    pub const DEFAULT_RESPONSE_DURATION: Duration = Duration::from_secs(2);
    /// The most steps one call may have.
    pub const MAX_STEPS: usize = 1000;

    /// A call whose caller follows `steps`, everything else by default.
    pub fn new(steps: Vec<CallerStep>) -> Self {
        ScriptedCall {
            steps,
            ..ScriptedCall::default()
        }
    }

    /// The index of the first step that presses a key, if any.
    pub fn first_press(&self) -> Option<usize> {
        self.steps
            .iter()
            .position(|s| matches!(s.action, CallerAction::Press(_)))
    }

    /// The caller's script as timed events: each key and the hangup, with
    /// its time counted from when the call is established (the rule of
    /// [`CallerStep::after`]: the first step waits from then, each later
    /// one from the previous step's last key). The one place that rule is
    /// applied: the runtime plays these in order.
    ///
    /// ```
    /// use graph_comms_emulator::scenario::{CallerEvent, Scenario};
    /// use graph_comms_models::Tone;
    /// use std::time::Duration;
    ///
    /// let scenario = Scenario::from_json(r#"{"calls": [{"steps": [
    ///     {"after": "1s", "press": "12", "interval": "100ms"},
    ///     {"after": "2s", "hangup": true}
    /// ]}]}"#)?;
    /// let timeline: Vec<_> = scenario.calls[0].timeline().collect();
    /// assert_eq!(timeline, [
    ///     (Duration::from_millis(1000), CallerEvent::Key(Tone::Tone1)),
    ///     (Duration::from_millis(1100), CallerEvent::Key(Tone::Tone2)),
    ///     (Duration::from_millis(3100), CallerEvent::Hangup),
    /// ]);
    /// # Ok::<(), graph_comms_emulator::scenario::ScenarioError>(())
    /// ```
    pub fn timeline(&self) -> impl Iterator<Item = (Duration, CallerEvent)> + '_ {
        let mut now = Duration::ZERO;
        self.steps.iter().flat_map(move |step| {
            now = now.saturating_add(step.after);
            let start = now;
            let events: Vec<(Duration, CallerEvent)> = match &step.action {
                CallerAction::Press(press) => {
                    now = start.saturating_add(press.duration());
                    let mut at = start;
                    press
                        .keys
                        .expose()
                        .chars()
                        .filter_map(Tone::from_char)
                        .map(|tone| {
                            let event = (at, CallerEvent::Key(tone));
                            at = at.saturating_add(press.interval);
                            event
                        })
                        .collect()
                }
                CallerAction::Hangup => vec![(start, CallerEvent::Hangup)],
            };
            events
        })
    }

    pub(crate) const PROPERTIES: &'static [&'static str] = &[
        "comment",
        "from",
        "startAfter",
        "promptDuration",
        "responseDuration",
        "steps",
        "faults",
        "expect",
    ];

    pub(crate) fn read(value: &Value, path: &str) -> Result<ScriptedCall, ScenarioError> {
        let object = Object::read(value, path, "a call", Self::PROPERTIES)?;
        let mut call = ScriptedCall {
            comment: object.nullable("comment", read::comment)?,
            from: object.nullable("from", CallerId::read)?,
            ..ScriptedCall::default()
        };
        if let Some(d) = object.optional("startAfter", |v, p| read::duration(v, p, MAX_DURATION))? {
            call.start_after = d;
        }
        if let Some(d) =
            object.optional("promptDuration", |v, p| read::duration(v, p, MAX_DURATION))?
        {
            call.prompt_duration = d;
        }
        if let Some(d) = object.optional("responseDuration", |v, p| {
            read::duration(v, p, MAX_DURATION)
        })? {
            call.response_duration = d;
        }
        if let Some((value, path)) = object.get("steps") {
            let items = read::array(value, &path, "steps", Self::MAX_STEPS)?;
            call.steps = items
                .iter()
                .enumerate()
                .map(|(i, step)| CallerStep::read(step, &read::item(&path, i)))
                .collect::<Result<_, _>>()?;
        }
        call.faults = object.nullable("faults", Faults::read)?;
        call.expect = object.nullable("expect", Expectations::read)?;
        Ok(call)
    }
}

/// Who calls: `{"phone": "+14255550100"}`, the shape the control API takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct CallerId {
    /// An E.164 number: `+`, the country code and the number, digits only
    /// (at most 15).
    #[cfg_attr(
        feature = "schemars",
        schemars(regex(pattern = r"^\+[1-9][0-9]{1,14}$"))
    )]
    pub phone: String,
}

impl CallerId {
    /// A caller id with this phone number, if it is E.164 (`+` and 2 to 15
    /// digits, the first not 0).
    pub fn phone(number: &str) -> Option<CallerId> {
        let digits = number.strip_prefix('+')?;
        let valid = (2..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        valid.then(|| CallerId {
            phone: number.to_owned(),
        })
    }

    fn read(value: &Value, path: &str) -> Result<CallerId, ScenarioError> {
        let object = Object::read(value, path, "a caller id", &["phone"])?;
        let (phone, path) = object.required(
            "phone",
            "write the caller's number in E.164 form: \"from\": {\"phone\": \"+1…\"}",
        )?;
        const FORM: &str = "write an E.164 number: + then the country code and number, \
                            digits only, at most 15 of them";
        let Value::String(text) = phone else {
            return Err(read::wrong_type(&path, phone, "a string", FORM));
        };
        CallerId::phone(text).ok_or_else(|| {
            ScenarioError::new(
                ScenarioErrorKind::InvalidValue,
                path,
                "not an E.164 phone number",
                FORM,
            )
        })
    }
}

/// One thing the caller does: wait `after`, then act.
///
/// In a file, the action is a property beside `after`:
/// `{"after": "300ms", "press": "1234#"}`, `{"after": "300ms", "press":
/// "1234#", "interval": "150ms"}`, `{"after": "5s", "hangup": true}`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CallerStep {
    /// How long the caller waits before acting: after the call is established
    /// for the first step, after the previous step is done for the others.
    pub after: Duration,
    /// What the caller does.
    pub action: CallerAction,
    /// Free text for the reader of the file; the emulator ignores it.
    pub comment: Option<String>,
}

impl CallerStep {
    /// The most keys one `press` step may hold.
    pub const MAX_KEYS: usize = 64;

    /// A step: wait `after`, then `action`.
    pub fn new(after: Duration, action: CallerAction) -> Self {
        CallerStep {
            after,
            action,
            comment: None,
        }
    }

    const PROPERTIES: &'static [&'static str] =
        &["after", "press", "interval", "hangup", "comment"];

    fn read(value: &Value, path: &str) -> Result<CallerStep, ScenarioError> {
        let object = Object::read(value, path, "a step", Self::PROPERTIES)?;
        let (after, after_path) = object.required(
            "after",
            "every step says how long the caller waits first, such as \"after\": \"300ms\"",
        )?;
        let after = read::duration(after, &after_path, MAX_DURATION)?;
        let conflict = |problem: &str, fix: &str| {
            ScenarioError::new(ScenarioErrorKind::Conflict, object.path(), problem, fix)
        };
        let action = match (object.get("press"), object.get("hangup")) {
            (Some(_), Some(_)) => {
                return Err(conflict(
                    "a step with both `press` and `hangup`",
                    "a step does one thing: make the hangup a step of its own after the press",
                ));
            }
            (None, None) => {
                return Err(conflict(
                    "a step without an action",
                    "add what the caller does: \"press\": \"1234#\" or \"hangup\": true",
                ));
            }
            (Some((keys, keys_path)), None) => {
                let keys = read::keys(keys, &keys_path, Self::MAX_KEYS)?;
                let interval = object
                    .optional("interval", |v, p| read::duration(v, p, Press::MAX_INTERVAL))?
                    .unwrap_or(Press::DEFAULT_INTERVAL);
                CallerAction::Press(Press { keys, interval })
            }
            (None, Some((hangup, hangup_path))) => {
                if object.has("interval") {
                    return Err(conflict(
                        "`interval` on a hangup step",
                        "`interval` is the time between the keys of a press; remove it",
                    ));
                }
                if !read::boolean(hangup, &hangup_path)? {
                    return Err(ScenarioError::new(
                        ScenarioErrorKind::InvalidValue,
                        hangup_path,
                        "`hangup` is false",
                        "a hangup step is written \"hangup\": true; to keep the caller on the \
                         line, remove the step",
                    ));
                }
                CallerAction::Hangup
            }
        };
        Ok(CallerStep {
            after,
            action,
            comment: object.nullable("comment", read::comment)?,
        })
    }
}

/// What a caller does in a step.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CallerAction {
    /// Press keys, one after the other (`"press": "1234#"`).
    Press(Press),
    /// Hang up (`"hangup": true`): the call ends from the caller's side.
    Hangup,
}

/// One event of a caller's [`ScriptedCall::timeline`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallerEvent {
    /// The caller presses a key (`Tone`'s `Debug` is redacted).
    Key(Tone),
    /// The caller hangs up.
    Hangup,
}

/// Keys the caller presses in one step, `interval` apart.
///
/// The keys are tone data: [`Digits`] shows only how many there are in
/// `Debug` and `Display`; [`Digits::expose`] reads them.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Press {
    /// The keys, in order: `0`–`9`, `*`, `#`, `A`–`D`.
    pub keys: Digits,
    /// The time from one key to the next (default 200 ms; `"interval"` in a
    /// file).
    pub interval: Duration,
}

impl Press {
    /// The time between keys when a step does not say.
    pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(200);
    /// The longest time between two keys of one press.
    pub const MAX_INTERVAL: Duration = Duration::from_secs(60);

    /// Presses `keys` at the default interval.
    pub fn new(keys: Digits) -> Self {
        Press {
            keys,
            interval: Self::DEFAULT_INTERVAL,
        }
    }

    /// The time from the first key to the last.
    pub fn duration(&self) -> Duration {
        let gaps = u32::try_from(self.keys.len().saturating_sub(1)).unwrap_or(u32::MAX);
        self.interval.saturating_mul(gaps)
    }
}

impl Serialize for CallerStep {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("after", &duration_text::Text(self.after))?;
        match &self.action {
            CallerAction::Press(press) => {
                // Writing a scenario writes its keys: that is the file.
                map.serialize_entry("press", press.keys.expose())?;
                if press.interval != Press::DEFAULT_INTERVAL {
                    map.serialize_entry("interval", &duration_text::Text(press.interval))?;
                }
            }
            CallerAction::Hangup => map.serialize_entry("hangup", &true)?,
        }
        if let Some(comment) = &self.comment {
            map.serialize_entry("comment", comment)?;
        }
        map.end()
    }
}

/// Durations written as humantime text (`"300ms"`, `"1m 30s"`).
pub(crate) mod duration_text {
    use serde::{Serialize, Serializer};
    use std::time::Duration;

    /// A duration that serialises as humantime text.
    pub(crate) struct Text(pub(crate) Duration);

    impl Serialize for Text {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(&humantime::format_duration(self.0))
        }
    }

    pub(crate) fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        Text(*d).serialize(s)
    }

    /// `None` (not checked) is written as `null`.
    pub(crate) mod option {
        use super::Text;
        use serde::{Serialize, Serializer};
        use std::time::Duration;

        pub(crate) fn serialize<S: Serializer>(
            d: &Option<Duration>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            d.map(Text).serialize(s)
        }
    }
}
