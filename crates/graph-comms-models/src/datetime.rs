//! Reading Graph date-times leniently.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{self, MapAccess, Visitor};
use std::fmt;

/// Parses a Graph date-time: RFC 3339 with any offset (converted to UTC), or
/// without an offset (taken as UTC, as Graph writes `2021-07-02T01:40:19`).
pub(crate) fn parse_graph_datetime(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(parsed) = DateTime::parse_from_rfc3339(text) {
        return Some(parsed.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

struct Lenient(Option<DateTime<Utc>>);

impl<'de> de::Deserialize<'de> for Lenient {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Lenient;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time string such as 2024-01-31T12:00:00Z, or null")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Lenient, E> {
                parse_graph_datetime(text)
                    .map(|t| Lenient(Some(t)))
                    .ok_or_else(|| {
                        E::custom(
                            "invalid date-time: expected RFC 3339, such as 2024-01-31T12:00:00Z",
                        )
                    })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lenient, E> {
                Ok(Lenient(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Lenient, E> {
                Ok(Lenient(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Field reader for `Option<DateTime<Utc>>` (see `wire_struct!`'s `read_with`).
pub(crate) fn read_datetime<'de, A: MapAccess<'de>>(
    map: &mut A,
) -> Result<Option<DateTime<Utc>>, A::Error> {
    Ok(map.next_value::<Lenient>()?.0)
}
