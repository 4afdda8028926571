//! [`Faults`]: how the emulator bends its callbacks, as a real network and
//! the real service do.

use super::call::duration_text;
use super::error::{ScenarioError, ScenarioErrorKind};
use super::read::{self, Object};
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// The faults of a scenario (or of one call): each is one line, and each is
/// off when absent.
///
/// ```json
/// "faults": {
///   "duplicate": {"every": 3},
///   "reorder": {"within": "300ms"},
///   "batch": {"upTo": 3, "within": "250ms"},
///   "delay": "200ms",
///   "pascalCase": true,
///   "legacyResourceOnly": true,
///   "drop": {"kind": "playPromptOperation", "nth": 1}
/// }
/// ```
///
/// The faults apply to the callbacks of each call on its own (counts and
/// windows never span calls), and compose in this order: a dropped
/// notification is never posted; the others are duplicated, then
/// reordered, then batched, then delayed, then written in the chosen shape.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Faults {
    /// Post some notifications twice: every `every`-th notification of a
    /// call is followed by an identical second POST. Real traffic repeats
    /// notifications; a bot must count a tone once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<Duplicate>,

    /// Post the notifications of a call that fall due within `within` of
    /// each other newest first. The docs warn that establishing and
    /// established may arrive out of order; tones can too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reorder: Option<Reorder>,

    /// Post up to `upTo` notifications of a call that fall due within
    /// `within` of the first in one POST (one `value` array), as the service
    /// may.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<Batch>,

    /// Post every notification this long after it falls due.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "duration_text::option"
    )]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "Option<super::schema::DurationText>")
    )]
    pub delay: Option<Duration>,

    /// Write enum values and `@odata.type`s in PascalCase (`"Updated"`,
    /// `"#Microsoft.Graph.ToneInfo"`, `"Tone1"`), as SDK-re-serialised
    /// traffic shows: a bot should compare them case-insensitively.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pascal_case: bool,

    /// Send the legacy shape: `resource` (`/app/calls/…`) without
    /// `resourceUrl`. Real traffic carries both; a bot that reads only
    /// `resourceUrl` breaks on this.
    #[serde(default, skip_serializing_if = "is_false")]
    pub legacy_resource_only: bool,

    /// Never post one notification: the `nth` of its `kind` on each call
    /// (the transcript records it as `"notification dropped"`). Whether and
    /// how often the real service loses a notification is not documented;
    /// this tests the paths of a bot that must not wait for one, such as
    /// the notification of a cancelled playPrompt, whose shape no public
    /// source shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop: Option<DropNotification>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Duplicate every `every`-th notification of a call (`1`: all of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Duplicate {
    /// Which notifications: the `every`-th, `2·every`-th, … of each call
    /// (1 to 1000).
    #[cfg_attr(feature = "schemars", schemars(range(min = 1, max = 1000)))]
    pub every: u32,
}

impl Duplicate {
    /// Duplicates every `every`-th notification (1: all of them).
    pub fn every(every: u32) -> Self {
        Duplicate { every }
    }
}

/// Reorder the notifications of a call that fall due within `within` of each
/// other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Reorder {
    /// The window (at most 1 minute): notifications due within it of the
    /// first are held until it ends and then posted newest first.
    #[serde(with = "duration_text")]
    #[cfg_attr(feature = "schemars", schemars(with = "super::schema::DurationText"))]
    pub within: Duration,
}

impl Reorder {
    /// Reorders within this window.
    pub fn within(within: Duration) -> Self {
        Reorder { within }
    }
}

/// Batch the notifications of a call into fewer POSTs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Batch {
    /// The most notifications in one POST (2 to 100).
    #[cfg_attr(feature = "schemars", schemars(range(min = 2, max = 100)))]
    pub up_to: u32,
    /// How long the first notification of a batch waits for others (default
    /// 250 ms, at most 1 minute): long enough that a PIN typed at the default
    /// key interval of 200 ms is batched.
    #[serde(default = "default_batch_within", with = "duration_text")]
    #[cfg_attr(feature = "schemars", schemars(with = "super::schema::DurationText"))]
    pub within: Duration,
}

// The schema's default (the reader applies its own).
#[cfg(feature = "schemars")]
fn default_batch_within() -> Duration {
    Batch::DEFAULT_WITHIN
}

impl Batch {
    /// How long a batch waits for more when the scenario does not say.
    pub const DEFAULT_WITHIN: Duration = Duration::from_millis(250);

    /// Batches up to `up_to` notifications, waiting the default window.
    pub fn up_to(up_to: u32) -> Self {
        Batch {
            up_to,
            within: Self::DEFAULT_WITHIN,
        }
    }
}

/// Never post the `nth` notification of a `kind` on each call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct DropNotification {
    /// Which notifications are counted.
    pub kind: NotificationKind,
    /// Which of them is dropped: the `nth` of its kind on each call, from 1
    /// (default 1, at most 1000).
    #[serde(default = "default_nth")]
    #[cfg_attr(feature = "schemars", schemars(range(min = 1, max = 1000)))]
    pub nth: u32,
}

// The schema's default (the reader applies its own).
#[cfg(feature = "schemars")]
fn default_nth() -> u32 {
    1
}

impl DropNotification {
    /// Drops the `nth` notification of `kind` on each call (from 1; an `nth`
    /// of 0 never drops anything, and a scenario file refuses 0 and values
    /// over 1000).
    pub fn nth(kind: NotificationKind, nth: u32) -> Self {
        DropNotification { kind, nth }
    }
}

/// A kind of notification the emulator posts, by what its `resourceData`
/// holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum NotificationKind {
    /// A `call` without `toneInfo`: the incoming call, a state change, the
    /// end of the call.
    Call,
    /// A `call` with `toneInfo`: a key the caller pressed.
    Tone,
    /// A `playPromptOperation` (its completion or cancellation).
    PlayPromptOperation,
    /// A `recordOperation`.
    RecordOperation,
    /// A `sendDtmfTonesOperation`.
    SendDtmfTonesOperation,
}

impl NotificationKind {
    /// Every kind, with its name in a scenario.
    const ALL: &'static [(&'static str, NotificationKind)] = &[
        ("call", NotificationKind::Call),
        ("tone", NotificationKind::Tone),
        ("playPromptOperation", NotificationKind::PlayPromptOperation),
        ("recordOperation", NotificationKind::RecordOperation),
        (
            "sendDtmfTonesOperation",
            NotificationKind::SendDtmfTonesOperation,
        ),
    ];

    /// The kind of a notification (as JSON), if it is one of these.
    pub(crate) fn of(notification: &Value) -> Option<NotificationKind> {
        let data = &notification["resourceData"];
        if data["toneInfo"].is_object() {
            return Some(NotificationKind::Tone);
        }
        let name = data["@odata.type"]
            .as_str()?
            .strip_prefix("#microsoft.graph.")?;
        Self::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, kind)| kind)
    }

    fn read(value: &Value, path: &str) -> Result<NotificationKind, ScenarioError> {
        let fix = "use one of call, tone, playPromptOperation, recordOperation, \
                   sendDtmfTonesOperation";
        let Value::String(text) = value else {
            return Err(read::wrong_type(path, value, "a string", fix));
        };
        Self::ALL
            .iter()
            .find(|(known, _)| known == text)
            .map(|&(_, kind)| kind)
            .ok_or_else(|| {
                ScenarioError::new(
                    ScenarioErrorKind::InvalidValue,
                    path,
                    "not a kind of notification the emulator posts",
                    fix,
                )
            })
    }
}

/// The longest fault window or delay.
const MAX_WINDOW: Duration = Duration::from_secs(60);

impl Faults {
    /// No fault: what a scenario without `faults` gets.
    pub fn none() -> Self {
        Faults::default()
    }

    /// Whether no fault is on.
    pub fn is_none(&self) -> bool {
        *self == Faults::default()
    }

    const PROPERTIES: &'static [&'static str] = &[
        "duplicate",
        "reorder",
        "batch",
        "delay",
        "pascalCase",
        "legacyResourceOnly",
        "drop",
    ];

    pub(crate) fn read(value: &Value, path: &str) -> Result<Faults, ScenarioError> {
        let object = Object::read(value, path, "the faults", Self::PROPERTIES)?;
        let duplicate = object.nullable("duplicate", |v, p| {
            let o = Object::read(v, p, "a duplicate fault", &["every"])?;
            let (every, every_path) = o.required(
                "every",
                "say which notifications are posted twice: \"duplicate\": {\"every\": 1} for all",
            )?;
            Ok(Duplicate {
                every: read::count(every, &every_path, 1, 1000)?,
            })
        })?;
        let reorder = object.nullable("reorder", |v, p| {
            let o = Object::read(v, p, "a reorder fault", &["within"])?;
            let (within, within_path) = o.required(
                "within",
                "give the window: \"reorder\": {\"within\": \"300ms\"}",
            )?;
            Ok(Reorder {
                within: read::duration(within, &within_path, MAX_WINDOW)?,
            })
        })?;
        let batch = object.nullable("batch", |v, p| {
            let o = Object::read(v, p, "a batch fault", &["upTo", "within"])?;
            let (up_to, up_to_path) = o.required(
                "upTo",
                "give the most notifications per POST: \"batch\": {\"upTo\": 3}",
            )?;
            let up_to = read::count(up_to, &up_to_path, 2, 100)?;
            let within = o
                .optional("within", |v, p| read::duration(v, p, MAX_WINDOW))?
                .unwrap_or(Batch::DEFAULT_WITHIN);
            Ok(Batch { up_to, within })
        })?;
        let drop = object.nullable("drop", |v, p| {
            let o = Object::read(v, p, "a drop fault", &["kind", "nth"])?;
            let (kind, kind_path) = o.required(
                "kind",
                "say which notifications are counted: \"drop\": {\"kind\": \"playPromptOperation\"} \
                 (or call, tone, recordOperation, sendDtmfTonesOperation)",
            )?;
            Ok(DropNotification {
                kind: NotificationKind::read(kind, &kind_path)?,
                nth: o
                    .optional("nth", |v, p| read::count(v, p, 1, 1000))?
                    .unwrap_or(1),
            })
        })?;
        Ok(Faults {
            drop,
            duplicate,
            reorder,
            batch,
            delay: object.nullable("delay", |v, p| read::duration(v, p, MAX_WINDOW))?,
            pascal_case: object
                .optional("pascalCase", read::boolean)?
                .unwrap_or(false),
            legacy_resource_only: object
                .optional("legacyResourceOnly", read::boolean)?
                .unwrap_or(false),
        })
    }
}
