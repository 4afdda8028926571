//! `microsoft.graph.tone`: one DTMF key.

use crate::macros::{eq_ignore_case, open_enum};

open_enum! {
    /// One DTMF key (`microsoft.graph.tone`): the 17 members in the order the
    /// Graph metadata declares them, plus [`Tone::Unknown`] for values this
    /// version does not know.
    ///
    /// Tone data may not be persisted (Graph terms of use), and logs are
    /// persistence: the `Debug` output of a `Tone` is `Tone(<redacted>)` and
    /// `Tone` has no `Display`. Reading the value is an explicit call:
    /// [`Tone::as_str`] for the wire name, [`Tone::to_char`] for the key.
    ///
    /// ```
    /// use graph_comms_models::Tone;
    ///
    /// let tone: Tone = serde_json::from_str(r#""Tone5""#).unwrap();
    /// assert_eq!(tone, Tone::Tone5);
    /// assert_eq!(tone.as_str(), "tone5");
    /// assert_eq!(tone.to_char(), Some('5'));
    /// assert_eq!(format!("{tone:?}"), "Tone(<redacted>)");
    ///
    /// let future: Tone = serde_json::from_str(r#""tone42""#).unwrap();
    /// assert!(!future.is_known());
    /// assert_eq!(serde_json::to_string(&future).unwrap(), r#""tone42""#);
    /// ```
    pub enum Tone {
        expecting = "a tone name (string)",
        schema_name = "microsoft.graph.tone",
        matches = eq_ignore_case,
        /// Key `0`.
        Tone0 = "tone0",
        /// Key `1`.
        Tone1 = "tone1",
        /// Key `2`.
        Tone2 = "tone2",
        /// Key `3`.
        Tone3 = "tone3",
        /// Key `4`.
        Tone4 = "tone4",
        /// Key `5`.
        Tone5 = "tone5",
        /// Key `6`.
        Tone6 = "tone6",
        /// Key `7`.
        Tone7 = "tone7",
        /// Key `8`.
        Tone8 = "tone8",
        /// Key `9`.
        Tone9 = "tone9",
        /// Key `*`.
        Star = "star",
        /// Key `#`.
        Pound = "pound",
        /// Key `A` (the fourth column of a 16-key pad).
        A = "a",
        /// Key `B`.
        B = "b",
        /// Key `C`.
        C = "c",
        /// Key `D`.
        D = "d",
        /// A hook flash: a signal, not a key, so it has no character.
        Flash = "flash",
    }
}

impl Tone {
    /// The key this tone stands for: `'0'`–`'9'`, `'*'`, `'#'`, `'A'`–`'D'`;
    /// `None` for [`Tone::Flash`] and unknown tones.
    pub fn to_char(&self) -> Option<char> {
        Some(match self {
            Tone::Tone0 => '0',
            Tone::Tone1 => '1',
            Tone::Tone2 => '2',
            Tone::Tone3 => '3',
            Tone::Tone4 => '4',
            Tone::Tone5 => '5',
            Tone::Tone6 => '6',
            Tone::Tone7 => '7',
            Tone::Tone8 => '8',
            Tone::Tone9 => '9',
            Tone::Star => '*',
            Tone::Pound => '#',
            Tone::A => 'A',
            Tone::B => 'B',
            Tone::C => 'C',
            Tone::D => 'D',
            Tone::Flash | Tone::Unknown(_) => return None,
        })
    }

    /// The tone of a key character, the inverse of [`Tone::to_char`]
    /// (`'a'`–`'d'` are accepted too).
    ///
    /// ```
    /// use graph_comms_models::Tone;
    /// assert_eq!(Tone::from_char('#'), Some(Tone::Pound));
    /// assert_eq!(Tone::from_char('x'), None);
    /// ```
    pub fn from_char(key: char) -> Option<Tone> {
        Some(match key.to_ascii_uppercase() {
            '0' => Tone::Tone0,
            '1' => Tone::Tone1,
            '2' => Tone::Tone2,
            '3' => Tone::Tone3,
            '4' => Tone::Tone4,
            '5' => Tone::Tone5,
            '6' => Tone::Tone6,
            '7' => Tone::Tone7,
            '8' => Tone::Tone8,
            '9' => Tone::Tone9,
            '*' => Tone::Star,
            '#' => Tone::Pound,
            'A' => Tone::A,
            'B' => Tone::B,
            'C' => Tone::C,
            'D' => Tone::D,
            _ => return None,
        })
    }
}

impl std::fmt::Debug for Tone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tone(<redacted>)")
    }
}
