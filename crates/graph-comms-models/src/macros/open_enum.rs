//! `open_enum!`: open string enums, the known members of a wire enum plus a
//! lossless `Unknown` variant, with hand-written serde impls (see the parent
//! module for why not derived).

/// Declares an open string enum: known members in wire order plus a lossless
/// `Unknown` variant.
///
/// Reading matches the exact wire name first and then ASCII case-insensitively
/// (Graph sends `Established` as well as `established`); anything else is kept
/// verbatim in `Unknown`. Known values never allocate. The deserializer never
/// quotes the input in an error, so a tone can never leak through serde's
/// "unknown variant" text.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            expecting = $expecting:literal,
            schema_name = $schema_name:literal,
            matches = $matches:path,
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the library does not know, kept verbatim so
            /// that it is written back exactly as it came.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every known member, in the order the Graph metadata declares them.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The wire names of the known members, in declaration order.
            pub const WIRE_NAMES: &'static [&'static str] = &[ $( $wire, )+ ];

            /// The wire name: the canonical spelling for a known member, the
            /// original text for an unknown one.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is one of the known members.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }

            /// Looks a wire name up among the known members: the exact spelling
            /// first, then case-insensitively. Never allocates.
            pub fn known(text: &str) -> Option<Self> {
                match text {
                    $( $wire => return Some($name::$variant), )+
                    _ => {}
                }
                Self::KNOWN
                    .iter()
                    .zip(Self::WIRE_NAMES)
                    .find(|(_, wire)| $matches(wire, text))
                    .map(|(member, _)| member.clone())
            }

            /// Reads a wire value: a known member when [`Self::known`] finds one,
            /// otherwise [`Self::Unknown`] holding `text` verbatim.
            pub fn from_wire(text: &str) -> Self {
                Self::known(text).unwrap_or_else(|| $name::Unknown($crate::UnknownValue::new(text)))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::from_wire(text)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self::known(&text).unwrap_or_else(|| $name::Unknown($crate::UnknownValue::from_string(text)))
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(text))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct EnumVisitor;
                impl ::serde::de::Visitor<'_> for EnumVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        Ok($name::from_wire(text))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, text: String) -> Result<$name, E> {
                        Ok($name::from(text))
                    }
                }
                deserializer.deserialize_str(EnumVisitor)
            }
        }

        #[cfg(feature = "schemars")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                $schema_name.into()
            }
            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                // The known members again, with their doc comments, so that
                // schemars turns the docs into descriptions.
                $(#[$meta])*
                #[derive(::schemars::JsonSchema)]
                #[allow(dead_code)]
                enum Known { $( $(#[$vmeta])* #[schemars(rename = $wire)] $variant, )+ }
                $crate::schema::open_enum_schema(
                    <Known as ::schemars::JsonSchema>::json_schema(generator),
                )
            }
        }
    };
}

pub(crate) use open_enum;

/// ASCII case-insensitive comparison, the matching rule of every open enum.
pub(crate) fn eq_ignore_case(wire: &str, text: &str) -> bool {
    wire.eq_ignore_ascii_case(text)
}
