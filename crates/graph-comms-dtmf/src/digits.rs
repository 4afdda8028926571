//! [`Digits`]: the keys a caller typed, redacted unless read explicitly.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The keys a caller typed: `0`–`9`, `*`, `#`, `A`–`D`, in order.
///
/// Digits are often PINs and card numbers, tone data may not be persisted
/// (Graph terms of use), and logs are persistence. So `Debug` and `Display`
/// show only how many keys there are, never which; reading them is an explicit
/// call to [`Digits::expose`], the one way to read them.
///
/// With the `zeroize` feature the buffer is overwritten with zeros when the
/// digits are dropped or cleared. The buffer of a collector is allocated once,
/// at its full size, so that growing it never leaves a copy behind.
///
/// `Serialize` writes the digits as a string: serialising a collector's state
/// is an explicit decision to store them (see the crate docs).
///
/// ```
/// use graph_comms_dtmf::Digits;
///
/// let digits = Digits::from_keys("1234#").unwrap();
/// assert_eq!(format!("{digits:?}"), "Digits(<5 redacted>)");
/// assert_eq!(digits.to_string(), "<5 digits redacted>");
/// assert_eq!(digits.expose(), "1234#");
/// assert!(Digits::from_keys("12x").is_none());
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Digits(String);

impl Digits {
    /// No digits.
    pub fn new() -> Self {
        Digits(String::new())
    }

    /// Digits from key characters (`0`–`9`, `*`, `#`, `A`–`D`, `a`–`d`, the
    /// letters upper-cased); `None` if any other character is present.
    pub fn from_keys(keys: &str) -> Option<Self> {
        let mut digits = Digits::with_capacity(keys.len());
        for key in keys.chars() {
            let tone = graph_comms_models::Tone::from_char(key)?;
            digits.0.push(tone.to_char()?);
        }
        Some(digits)
    }

    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Digits(String::with_capacity(capacity))
    }

    /// The digits as text. This is the explicit read: don't log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn push(&mut self, key: char) {
        self.0.push(key);
    }

    /// Forgets the digits (overwriting them with the `zeroize` feature) and
    /// keeps the buffer.
    pub(crate) fn clear(&mut self) {
        #[cfg(feature = "zeroize")]
        {
            // Overwrites the whole buffer, spare capacity included.
            zeroize::Zeroize::zeroize(self.0.as_mut_str());
        }
        self.0.clear();
    }

    /// Moves the digits out, leaving an empty buffer of the same capacity.
    pub(crate) fn take(&mut self) -> Digits {
        let mut taken = Digits::with_capacity(self.0.capacity());
        taken.0.push_str(&self.0);
        self.clear();
        taken
    }
}

#[cfg(feature = "zeroize")]
impl Drop for Digits {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

#[cfg(feature = "zeroize")]
impl zeroize::Zeroize for Digits {
    fn zeroize(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl fmt::Debug for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digits(<{} redacted>)", self.0.len())
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.len() {
            1 => f.write_str("<1 digit redacted>"),
            n => write!(f, "<{n} digits redacted>"),
        }
    }
}

impl Serialize for Digits {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Digits {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl serde::de::Visitor<'_> for KeysVisitor {
            type Value = Digits;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string of DTMF keys (0-9, *, #, A-D)")
            }
            fn visit_str<E: serde::de::Error>(self, keys: &str) -> Result<Digits, E> {
                // The message names no key: the input may be a PIN.
                Digits::from_keys(keys)
                    .ok_or_else(|| E::custom("invalid digits: only 0-9, *, #, A-D are DTMF keys"))
            }
        }
        deserializer.deserialize_str(KeysVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_keys() {
        let digits = Digits::from_keys("4111111111111111").unwrap();
        for text in [
            format!("{digits:?}"),
            format!("{digits}"),
            format!("{digits:#?}"),
        ] {
            assert!(!text.contains('4'), "{text}");
            assert!(text.contains("16"), "{text}");
        }
        assert_eq!(
            Digits::from_keys("7").unwrap().to_string(),
            "<1 digit redacted>"
        );
        assert_eq!(format!("{:?}", Digits::new()), "Digits(<0 redacted>)");
    }

    #[test]
    fn take_leaves_an_empty_buffer() {
        let mut digits = Digits::with_capacity(8);
        digits.push('1');
        digits.push('#');
        let taken = digits.take();
        assert_eq!(taken.expose(), "1#");
        assert!(digits.is_empty());
        assert!(digits.0.capacity() >= 8);
    }

    #[test]
    fn serde_round_trips_and_rejects_non_keys_without_quoting_them() {
        let digits = Digits::from_keys("12*#ab").unwrap();
        assert_eq!(digits.expose(), "12*#AB");
        let json = serde_json::to_string(&digits).unwrap();
        assert_eq!(json, r#""12*#AB""#);
        assert_eq!(serde_json::from_str::<Digits>(&json).unwrap(), digits);
        let err = serde_json::from_str::<Digits>(r#""98765x""#).unwrap_err();
        assert!(!err.to_string().contains("98765"), "{err}");
    }
}
