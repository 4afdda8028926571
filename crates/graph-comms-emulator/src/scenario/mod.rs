//! Scenario files: the scripted callers, the faults and the expectations of
//! one emulator run.
//!
//! A scenario is a JSON file (its schema is `schemas/scenario.schema.json`):
//! the incoming calls the emulator makes, what each caller does and when,
//! the faults it puts in the callbacks, and what the bot must do. The
//! emulator runs it and judges each call with [`Expectations::evaluate`].
//!
//! ```
//! use graph_comms_emulator::scenario::{CallerAction, Scenario};
//! use std::time::Duration;
//!
//! let scenario = Scenario::from_json(r#"{
//!   "comment": "a caller types a PIN and waits for the bot to hang up",
//!   "calls": [{
//!     "steps": [
//!       {"after": "1s", "press": "1234#", "interval": "150ms"},
//!       {"after": "20s", "hangup": true}
//!     ]
//!   }],
//!   "faults": {"duplicate": {"every": 2}},
//!   "expect": {"playedPrompt": true, "hungUp": true}
//! }"#)?;
//!
//! let call = &scenario.calls[0];
//! assert_eq!(call.steps[0].after, Duration::from_secs(1));
//! let CallerAction::Press(press) = &call.steps[0].action else { unreachable!() };
//! // The keys are tone data: shown only when asked for.
//! assert_eq!(format!("{:?}", press.keys), "Digits(<5 redacted>)");
//! assert_eq!(press.keys.expose(), "1234#");
//! assert!(scenario.expectations_for(0).hung_up);
//! // Unset expectations take the service's budgets.
//! assert_eq!(scenario.expect.answered_within, Some(Duration::from_secs(15)));
//! # Ok::<(), graph_comms_emulator::scenario::ScenarioError>(())
//! ```
//!
//! # The format
//!
//! - Durations are strings with a unit, in [humantime] form: `"300ms"`,
//!   `"5s"`, `"1m 30s"`. A bare number (`"300"` or `300`) is refused: its
//!   unit would be a guess.
//! - Keys are a string of DTMF keys: `0`–`9`, `*`, `#`, `A`–`D`.
//! - **Unknown properties are refused**, with the path of the property and
//!   the closest known name: a scenario is configuration, and a typo
//!   (`"presss"`, `"hangUp"`) must not be silently ignored. So is a property
//!   given twice in one object (JSON readers keep the last). Every object
//!   may carry a `comment` where noted ([`Scenario::comment`],
//!   [`ScriptedCall::comment`], [`CallerStep::comment`]).
//! - An error says what is wrong, where (a JSON path such as
//!   `$.calls[0].steps[2].after`) and what to write instead; it never quotes
//!   a value of the file, which may hold a PIN ([`ScenarioError`]).
//!
//! `Scenario::pin_entry()` is the scenario the README's first command runs:
//! `fixtures/scenarios/pin-entry.json`, embedded.
//!
//! [humantime]: https://docs.rs/humantime

mod call;
mod error;
mod expect;
mod faults;
mod read;
#[cfg(feature = "schemars")]
mod schema;

pub use call::{CallerAction, CallerEvent, CallerId, CallerStep, Press, ScriptedCall};
pub use error::{ScenarioError, ScenarioErrorKind};
pub use expect::{CallRecord, CallbackAnswer, ExpectationKind, Expectations, FailedExpectation};
pub use faults::{Batch, DropNotification, Duplicate, Faults, NotificationKind, Reorder};
#[cfg(feature = "schemars")]
pub use schema::{SCHEMA_FILE_NAME, json_schema};

use call::duration_text;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// The longest duration a scenario may give anywhere (a step's `after`, a
/// prompt's length, a call's start, the timeout): one hour.
pub const MAX_DURATION: Duration = Duration::from_secs(3600);

/// The PIN-entry scenario, as `fixtures/scenarios/pin-entry.json` holds it:
/// what [`Scenario::pin_entry`] reads.
// The crate's own copy (a published crate cannot include a file outside
// it); a test checks that it is byte for byte the fixture.
pub const PIN_ENTRY_JSON: &str = include_str!("pin-entry.json");

/// One emulator run: the calls, the faults and the expectations.
///
/// Read it with [`Scenario::from_json`] or [`Scenario::from_slice`]; build
/// it in code with [`Scenario::new`] and the public fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Scenario {
    /// Free text for the reader of the file: what the scenario shows. The
    /// emulator ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,

    /// The incoming calls, at least one (at most [`Scenario::MAX_CALLS`]).
    #[cfg_attr(feature = "schemars", schemars(length(min = 1, max = 1000)))]
    pub calls: Vec<ScriptedCall>,

    /// The faults of every call that has none of its own (default: none).
    #[serde(default, skip_serializing_if = "Faults::is_none")]
    pub faults: Faults,

    /// What the bot must do on every call that has no `expect` of its own
    /// (default: see [`Expectations`]).
    #[serde(default)]
    pub expect: Expectations,

    /// How long the scenario may last, from its start (default `"60s"`). A
    /// call still up then is ended by the emulator, and the expectations
    /// still open fail.
    #[serde(default = "default_timeout", with = "duration_text")]
    #[cfg_attr(feature = "schemars", schemars(with = "schema::DurationText"))]
    pub timeout: Duration,
}

// The schema's default (the reader applies its own).
#[cfg(feature = "schemars")]
fn default_timeout() -> Duration {
    Scenario::DEFAULT_TIMEOUT
}

impl Scenario {
    /// The largest scenario file read: 1 MiB.
    pub const MAX_BYTES: usize = 1 << 20;
    /// The most calls in one scenario.
    pub const MAX_CALLS: usize = 1000;
    /// How long a scenario may last when it does not say.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// A scenario of these calls, with no fault, the default expectations
    /// and timeout.
    pub fn new(calls: Vec<ScriptedCall>) -> Self {
        Scenario {
            comment: None,
            calls,
            faults: Faults::none(),
            expect: Expectations::default(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// The embedded PIN-entry scenario ([`PIN_ENTRY_JSON`]): one caller who
    /// types a PIN while the greeting plays (barge-in) and waits for the bot
    /// to hang up.
    pub fn pin_entry() -> Scenario {
        Scenario::from_json(PIN_ENTRY_JSON).expect("the embedded scenario is valid (tested)")
    }

    /// Reads a scenario from JSON text.
    ///
    /// # Errors
    ///
    /// A [`ScenarioError`] for the first problem found: not JSON, an
    /// unknown property, a missing one, a wrong type or an invalid value.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_slice(text.as_bytes())
    }

    /// Reads a scenario from the bytes of a file (a leading UTF-8 byte-order
    /// mark is skipped).
    ///
    /// # Errors
    ///
    /// As [`Scenario::from_json`]; also a file over [`Scenario::MAX_BYTES`].
    pub fn from_slice(bytes: &[u8]) -> Result<Scenario, ScenarioError> {
        if bytes.len() > Self::MAX_BYTES {
            return Err(ScenarioError::new(
                ScenarioErrorKind::TooLarge,
                "$",
                format!("a file of {} bytes, over the limit", bytes.len()),
                format!(
                    "a scenario is at most {} bytes; split it into several",
                    Self::MAX_BYTES
                ),
            ));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        Scenario::from_value(&read::parse(bytes)?)
    }

    /// Reads a scenario from a parsed JSON document.
    ///
    /// # Errors
    ///
    /// As [`Scenario::from_json`].
    pub fn from_value(value: &Value) -> Result<Scenario, ScenarioError> {
        const PROPERTIES: &[&str] = &["comment", "calls", "faults", "expect", "timeout"];
        let object = read::Object::read(value, "$", "a scenario", PROPERTIES)?;
        let (calls, calls_path) = object.required(
            "calls",
            "a scenario lists its calls: \"calls\": [{\"steps\": [{\"after\": \"1s\", \
             \"press\": \"1234#\"}]}]",
        )?;
        let items = read::array(calls, &calls_path, "calls", Self::MAX_CALLS)?;
        if items.is_empty() {
            return Err(ScenarioError::new(
                ScenarioErrorKind::InvalidValue,
                calls_path,
                "no calls",
                "a scenario makes at least one call: add {\"steps\": []} for a caller who \
                 only waits",
            ));
        }
        let calls = items
            .iter()
            .enumerate()
            .map(|(i, call)| ScriptedCall::read(call, &read::item(&calls_path, i)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Scenario {
            comment: object.nullable("comment", read::comment)?,
            calls,
            faults: object.optional("faults", Faults::read)?.unwrap_or_default(),
            expect: object
                .optional("expect", Expectations::read)?
                .unwrap_or_default(),
            timeout: object
                .optional("timeout", |v, p| read::duration(v, p, MAX_DURATION))?
                .unwrap_or(Self::DEFAULT_TIMEOUT),
        })
    }

    /// The scenario as JSON text that [`Scenario::from_json`] reads back to
    /// the same scenario. It holds the keys in clear: it is the file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serialises")
    }

    /// The faults of call `index`: its own, else the scenario's.
    ///
    /// # Panics
    ///
    /// When there is no call `index`.
    pub fn faults_for(&self, index: usize) -> &Faults {
        self.calls[index].faults.as_ref().unwrap_or(&self.faults)
    }

    /// The expectations of call `index`: its own, else the scenario's.
    ///
    /// # Panics
    ///
    /// When there is no call `index`.
    pub fn expectations_for(&self, index: usize) -> &Expectations {
        self.calls[index].expect.as_ref().unwrap_or(&self.expect)
    }
}

impl std::str::FromStr for Scenario {
    type Err = ScenarioError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Scenario::from_json(text)
    }
}
