//! The reader of a scenario document: a walk over a `serde_json::Value` that
//! knows each place's JSON path, so that every refusal says where it is and
//! what to write instead, without quoting the file.
//!
//! (Serde's derived `Deserialize` would do the walking, but its messages
//! quote the input (`invalid type: string "1234#"`) and name an unknown
//! field without its path; a scenario holds PINs.)

use super::error::{ScenarioError, ScenarioErrorKind};
use graph_comms_dtmf::Digits;
use serde_json::{Map, Value};
use std::time::Duration;

/// Property names longer than this are cut in paths (with `…`): an error
/// message stays short whatever the file holds.
const MAX_NAME_IN_PATH: usize = 64;

/// A JSON path: `$`, then `.name` or `['odd name']` per member and `[i]` per
/// item.
pub(crate) fn member(path: &str, key: &str) -> String {
    let mut out = path.to_owned();
    if key.chars().count() > MAX_NAME_IN_PATH {
        let cut: String = key.chars().take(MAX_NAME_IN_PATH).collect();
        graph_comms_core::push_json_member(&mut out, &format!("{cut}…"));
    } else {
        graph_comms_core::push_json_member(&mut out, key);
    }
    out
}

/// The path of item `index` of the array at `path`.
pub(crate) fn item(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// How a JSON value's type is named in a message: its type, never its value.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A wrong-type error: `expected` names the form (`a duration string`).
pub(crate) fn wrong_type(path: &str, value: &Value, expected: &str, fix: &str) -> ScenarioError {
    ScenarioError::new(
        ScenarioErrorKind::WrongType,
        path,
        format!("expected {expected}, found {}", type_name(value)),
        fix,
    )
}

/// One JSON object of the scenario, with the properties it may have.
pub(crate) struct Object<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Object<'a> {
    /// The object at `path`, refusing any property not in `known` (with a
    /// suggestion when one is close). `what` names the object in messages
    /// ("a step").
    pub(crate) fn read(
        value: &'a Value,
        path: &str,
        what: &str,
        known: &[&str],
    ) -> Result<Object<'a>, ScenarioError> {
        let Value::Object(map) = value else {
            return Err(wrong_type(
                path,
                value,
                &format!("{what} (a JSON object)"),
                &format!("write {what} as a JSON object; {}", properties(what, known)),
            ));
        };
        if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
            let suggestion = closest(unknown, known)
                .map(|name| format!("did you mean `{name}`? "))
                .unwrap_or_default();
            return Err(ScenarioError::new(
                ScenarioErrorKind::UnknownProperty,
                member(path, unknown),
                format!("unknown property of {what}"),
                format!(
                    "{suggestion}{}; a scenario refuses unknown properties so that a typo is \
                     never silently ignored",
                    properties(what, known)
                ),
            ));
        }
        Ok(Object {
            map,
            path: path.to_owned(),
        })
    }

    /// The path of this object.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// A property and its path, if present (`null` counts as present).
    pub(crate) fn get(&self, key: &str) -> Option<(&'a Value, String)> {
        self.map.get(key).map(|v| (v, member(&self.path, key)))
    }

    /// Whether a property is present.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A required property, or a [`ScenarioErrorKind::MissingProperty`]
    /// error whose fix is `fix`.
    pub(crate) fn required(
        &self,
        key: &str,
        fix: &str,
    ) -> Result<(&'a Value, String), ScenarioError> {
        self.get(key).ok_or_else(|| {
            ScenarioError::new(
                ScenarioErrorKind::MissingProperty,
                member(&self.path, key),
                "missing property",
                fix,
            )
        })
    }

    /// An optional property that may also be `null` (both give `None`): the
    /// schema writes these `Option` fields as nullable.
    pub(crate) fn nullable<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'a Value, &str) -> Result<T, ScenarioError>,
    ) -> Result<Option<T>, ScenarioError> {
        match self.get(key) {
            None | Some((Value::Null, _)) => Ok(None),
            Some((v, path)) => read(v, &path).map(Some),
        }
    }

    /// An optional property read with `read`; absent gives `None` (`null` is
    /// read, and so refused unless `read` takes it).
    pub(crate) fn optional<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'a Value, &str) -> Result<T, ScenarioError>,
    ) -> Result<Option<T>, ScenarioError> {
        self.get(key).map(|(v, path)| read(v, &path)).transpose()
    }
}

/// "the properties of a step are `after`, …" (or "the property … is").
fn properties(what: &str, known: &[&str]) -> String {
    if known.len() == 1 {
        format!("the property of {what} is {}", list(known))
    } else {
        format!("the properties of {what} are {}", list(known))
    }
}

/// `a, b and c`, with each name in backticks.
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "none".to_owned(),
    }
}

/// The known name closest to an unknown one, when it is close enough to be a
/// typo (or differs only in case or separators: `prompt_duration`).
fn closest<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let unknown_squashed = squash(unknown);
    if let Some(name) = known.iter().find(|k| squash(k) == unknown_squashed) {
        return Some(name);
    }
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&unknown_squashed, &squash(k)), *k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// An array at `path`, with at most `max` items.
pub(crate) fn array<'a>(
    value: &'a Value,
    path: &str,
    what: &str,
    max: usize,
) -> Result<&'a [Value], ScenarioError> {
    let Value::Array(items) = value else {
        return Err(wrong_type(
            path,
            value,
            &format!("an array of {what}"),
            &format!("write the {what} as a JSON array: [ … ]"),
        ));
    };
    if items.len() > max {
        return Err(ScenarioError::new(
            ScenarioErrorKind::InvalidValue,
            path,
            format!("{} {what}, more than the limit of {max}", items.len()),
            format!("split the scenario: at most {max} {what}"),
        ));
    }
    Ok(items)
}

/// A boolean.
pub(crate) fn boolean(value: &Value, path: &str) -> Result<bool, ScenarioError> {
    value
        .as_bool()
        .ok_or_else(|| wrong_type(path, value, "a boolean", "write true or false (no quotes)"))
}

/// A free-text comment: any string.
pub(crate) fn comment(value: &Value, path: &str) -> Result<String, ScenarioError> {
    match value {
        Value::String(text) => Ok(text.clone()),
        _ => Err(wrong_type(
            path,
            value,
            "a string",
            "a comment is free text in a JSON string",
        )),
    }
}

/// A whole number from `min` to `max`.
pub(crate) fn count(value: &Value, path: &str, min: u32, max: u32) -> Result<u32, ScenarioError> {
    let Value::Number(number) = value else {
        return Err(wrong_type(
            path,
            value,
            "a whole number",
            &format!("write a number from {min} to {max}, without quotes"),
        ));
    };
    match number.as_u64().and_then(|n| u32::try_from(n).ok()) {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ScenarioError::new(
            ScenarioErrorKind::InvalidValue,
            path,
            "a number out of range",
            format!("write a whole number from {min} to {max}"),
        )),
    }
}

/// The fix shown with every duration error.
const DURATION_FORM: &str =
    "write a duration as a string with its unit, such as \"300ms\", \"5s\" or \"1m 30s\"";

/// A duration in humantime form (`"300ms"`, `"5s"`, `"1m 30s"`), at most
/// `max`.
pub(crate) fn duration(
    value: &Value,
    path: &str,
    max: Duration,
) -> Result<Duration, ScenarioError> {
    let Value::String(text) = value else {
        let fix = if value.is_number() {
            format!("a bare number has no unit; {DURATION_FORM}")
        } else {
            DURATION_FORM.to_owned()
        };
        return Err(wrong_type(path, value, "a duration string", &fix));
    };
    let invalid = |problem: &str, fix: &str| {
        ScenarioError::new(ScenarioErrorKind::InvalidValue, path, problem, fix)
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(invalid("an empty duration", DURATION_FORM));
    }
    if trimmed.starts_with('-') {
        return Err(invalid(
            "a negative duration",
            &format!("durations count forward from the previous step; {DURATION_FORM}"),
        ));
    }
    if trimmed.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(invalid("a duration without a unit", DURATION_FORM));
    }
    let parsed = humantime::parse_duration(trimmed).map_err(|err| match err {
        humantime::DurationError::NumberOverflow => invalid(
            "a duration too large to represent",
            &format!("durations are at most {}", humantime::format_duration(max)),
        ),
        humantime::DurationError::UnknownUnit { .. } => invalid(
            "a duration with an unknown unit",
            "the units are ms, s, m and h (also msec, sec, min, hours…); \
             write it such as \"300ms\" or \"5s\"",
        ),
        _ => invalid("not a duration", DURATION_FORM),
    })?;
    if parsed > max {
        return Err(invalid(
            "a duration over the limit",
            &format!(
                "durations here are at most {}",
                humantime::format_duration(max)
            ),
        ));
    }
    Ok(parsed)
}

/// A duration, or `null` for "not checked".
pub(crate) fn optional_duration(
    value: &Value,
    path: &str,
    max: Duration,
) -> Result<Option<Duration>, ScenarioError> {
    match value {
        Value::Null => Ok(None),
        _ => duration(value, path, max).map(Some),
    }
}

/// DTMF keys: `0`–`9`, `*`, `#`, `A`–`D` (letters in either case), 1 to
/// `max` of them.
pub(crate) fn keys(value: &Value, path: &str, max: usize) -> Result<Digits, ScenarioError> {
    const FORM: &str = "the keys are 0-9, *, # and A-D, such as \"1234#\"";
    let Value::String(text) = value else {
        let fix = if value.is_number() {
            format!("write the keys as a string (a number loses * and # and leading zeros); {FORM}")
        } else {
            FORM.to_owned()
        };
        return Err(wrong_type(path, value, "a string of DTMF keys", &fix));
    };
    let invalid = |problem: String, fix: String| {
        ScenarioError::new(ScenarioErrorKind::InvalidValue, path, problem, fix)
    };
    let len = text.chars().count();
    if len == 0 {
        return Err(invalid("no keys to press".to_owned(), FORM.to_owned()));
    }
    if len > max {
        return Err(invalid(
            format!("{len} keys, more than the limit of {max} in one press"),
            format!("split them into several press steps of at most {max} keys"),
        ));
    }
    if let Some(position) = text
        .chars()
        .position(|c| graph_comms_models::Tone::from_char(c).is_none())
    {
        return Err(invalid(
            format!("key {} of {len} is not a DTMF key", position + 1),
            format!("{FORM}; a phone keypad has no other keys"),
        ));
    }
    Ok(Digits::from_keys(text).expect("every character was checked to be a key"))
}

/// The start of the custom error that [`StrictValue`] raises on a property
/// given twice; the property's name follows it.
const DUPLICATE: &str = "\u{0}duplicate property\u{0}";

/// A JSON document like `serde_json::Value`, except that an object with the
/// same property twice is refused: `serde_json` keeps the last silently, and
/// a scenario must not ignore what its author wrote.
struct StrictValue(Value);

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let StrictValue(value) = map.next_value()?;
            if members.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("{DUPLICATE}{key}")));
            }
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

/// Parses a scenario document: any JSON, but no property twice in one
/// object. The error of a property given twice has its path.
pub(crate) fn parse(bytes: &[u8]) -> Result<Value, ScenarioError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, StrictValue>(&mut deserializer) {
        Ok(StrictValue(value)) => {
            deserializer
                .end()
                .map_err(|err| ScenarioError::syntax(&err))?;
            Ok(value)
        }
        Err(err) => {
            let text = err.inner().to_string();
            let Some(rest) = text.strip_prefix(DUPLICATE) else {
                return Err(ScenarioError::syntax(err.inner()));
            };
            // serde_json ends a message with its position: the name is what
            // comes before.
            let suffix = format!(
                " at line {} column {}",
                err.inner().line(),
                err.inner().column()
            );
            let key = rest.strip_suffix(suffix.as_str()).unwrap_or(rest);
            let mut path = String::from("$");
            for segment in err.path().iter() {
                use serde_path_to_error::Segment;
                match segment {
                    Segment::Seq { index } => path = item(&path, *index),
                    Segment::Map { key } => path = member(&path, key),
                    Segment::Enum { .. } | Segment::Unknown => {}
                }
            }
            Err(ScenarioError::new(
                ScenarioErrorKind::Conflict,
                member(&path, key),
                "a property given twice",
                "keep one: a JSON reader would silently use the last, so a scenario refuses both",
            )
            .at(err.inner().line(), err.inner().column()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_and_other_spellings() {
        let known = ["after", "press", "interval", "hangup", "comment"];
        assert_eq!(closest("presss", &known), Some("press"));
        assert_eq!(closest("hangUp", &known), Some("hangup"));
        assert_eq!(closest("hang_up", &known), Some("hangup"));
        assert_eq!(closest("intervalMs", &known), Some("interval"));
        assert_eq!(closest("zzz", &known), None);
    }

    #[test]
    fn long_names_are_cut_in_paths() {
        let path = member("$", &"x".repeat(1000));
        assert!(path.len() < 80, "{path}");
        assert_eq!(member("$.calls", "odd key"), "$.calls['odd key']");
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
    }
}
