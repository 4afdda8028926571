//! The two macros behind every wire type: open string enums and lossless objects.
//!
//! Both write their `Serialize`/`Deserialize` impls by hand rather than through
//! `#[serde(untagged)]` or `#[serde(flatten)]`: those buffer every value through
//! serde's `Content` type, which costs a factor of several in decoding speed
//! (see ARCHITECTURE.md) and gives vague errors.

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

/// Declares a lossless wire object.
///
/// Every struct gets `odata_type` (the `@odata.type` annotation) and `extra`
/// (every property this version does not know, kept verbatim). Reading treats
/// `null` as absent and lets the last of duplicate keys win; writing emits
/// `@odata.type` first, then the known properties that are present, then
/// `extra`.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident : $schema_name:literal {
            $(
                $(#[$fmeta:meta])*
                $json:literal $(| $alias:literal)* => pub $field:ident : $ty:ty $(, read_with = $with:path)?;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
        #[cfg_attr(feature = "schemars", schemars(rename = $schema_name))]
        #[cfg_attr(feature = "schemars", schemars(transform = $name::add_schema_aliases))]
        pub struct $name {
            /// The `@odata.type` annotation, when the payload carries one.
            #[cfg_attr(feature = "schemars", schemars(rename = "@odata.type"))]
            pub odata_type: Option<$crate::ODataType>,
            $(
                $(#[$fmeta])*
                #[cfg_attr(feature = "schemars", schemars(rename = $json))]
                pub $field: $ty,
            )*
            /// Properties this version of the library does not model, kept verbatim.
            #[cfg_attr(feature = "schemars", schemars(flatten))]
            pub extra: $crate::Extra,
        }

        #[cfg(feature = "schemars")]
        impl $name {
            /// Adds the aliases read besides the JSON names to the schema.
            fn add_schema_aliases(schema: &mut ::schemars::Schema) {
                $crate::schema::add_aliases(schema, &[ $( $( ($alias, $json), )* )* ]);
            }
        }

        impl $name {
            /// The JSON names of the properties this type models (besides `@odata.type`).
            pub const PROPERTIES: &'static [&'static str] = &[ $( $json, )* ];

            /// Reads the remaining members of an object whose `@odata.type`
            /// (if any) has already been read.
            pub(crate) fn read_members<'de, A: ::serde::de::MapAccess<'de>>(
                map: A,
                odata_type: Option<$crate::ODataType>,
            ) -> Result<Self, A::Error> {
                let mut out = $name { odata_type, ..Default::default() };
                out.read_into(map, false)?;
                Ok(out)
            }

            /// Reads the remaining members of an object into `self`, in place
            /// (large objects are not moved after reading). When the type was
            /// chosen by `@odata.type` (`dispatched`), a later `@odata.type`
            /// with another value is an error: the object would otherwise say
            /// it is a type it was not read as.
            pub(crate) fn read_into<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                mut map: A,
                dispatched: bool,
            ) -> Result<(), A::Error> {
                #[allow(non_camel_case_types)]
                enum Field { __odata_type, $( $field, )* __other(String) }
                impl<'de> ::serde::Deserialize<'de> for Field {
                    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        struct FieldVisitor;
                        impl ::serde::de::Visitor<'_> for FieldVisitor {
                            type Value = Field;
                            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                                f.write_str("a property name")
                            }
                            fn visit_str<E: ::serde::de::Error>(self, key: &str) -> Result<Field, E> {
                                Ok(match key {
                                    "@odata.type" => Field::__odata_type,
                                    $( $json $(| $alias)* => Field::$field, )*
                                    other => Field::__other(other.to_owned()),
                                })
                            }
                            fn visit_string<E: ::serde::de::Error>(self, key: String) -> Result<Field, E> {
                                Ok(match key.as_str() {
                                    "@odata.type" => Field::__odata_type,
                                    $( $json $(| $alias)* => Field::$field, )*
                                    _ => Field::__other(key),
                                })
                            }
                        }
                        d.deserialize_identifier(FieldVisitor)
                    }
                }

                while let Some(key) = map.next_key::<Field>()? {
                    match key {
                        Field::__odata_type => {
                            let odata_type: Option<$crate::ODataType> = map.next_value()?;
                            if dispatched && odata_type != self.odata_type {
                                return Err(::serde::de::Error::custom(
                                    "duplicate @odata.type with a different value",
                                ));
                            }
                            self.odata_type = odata_type;
                        }
                        $( Field::$field => {
                            self.$field = $crate::macros::read_field!(map $(, $with)?);
                        } )*
                        Field::__other(key) => {
                            let value: ::serde_json::Value = map.next_value()?;
                            self.extra.insert(key, value);
                        }
                    }
                }
                Ok(())
            }
        }

        impl $crate::macros::ReadInto for $name {
            const EXPECTING: &'static str = concat!("a ", $schema_name, " object");
            fn set_odata_type(&mut self, odata_type: Option<$crate::ODataType>) {
                self.odata_type = odata_type;
            }
            fn read_into_dyn<'de, A: ::serde::de::MapAccess<'de>>(&mut self, map: A, dispatched: bool) -> Result<(), A::Error> {
                self.read_into(map, dispatched)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("a ", $schema_name, " object"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        $name::read_members(map, None)
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                if let Some(odata_type) = &self.odata_type {
                    map.serialize_entry("@odata.type", odata_type)?;
                }
                $(
                    if !$crate::macros::WireField::is_absent(&self.$field) {
                        map.serialize_entry($json, &self.$field)?;
                    }
                )*
                for (key, value) in self.extra.iter() {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    };
}

/// Reads one field value: through [`WireField`] or a given function.
macro_rules! read_field {
    ($map:ident) => {
        $crate::macros::WireField::read(&mut $map)?
    };
    ($map:ident, $with:path) => {
        $with(&mut $map)?
    };
}

pub(crate) use {open_enum, read_field, wire_struct};

/// How a field type is read from a map and whether it is written at all.
pub(crate) trait WireField: Sized {
    /// Absent values are not written.
    fn is_absent(&self) -> bool;
    /// Reads the value of the current map entry; `null` means absent.
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error>;
}

impl<T: serde::de::DeserializeOwned> WireField for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        map.next_value::<Option<T>>()
    }
}

impl<T: serde::de::DeserializeOwned> WireField for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        Ok(map.next_value::<Option<Vec<T>>>()?.unwrap_or_default())
    }
}

/// Objects that can be read in place (see `wire_struct!`).
pub(crate) trait ReadInto {
    /// What the input must be, for error messages.
    const EXPECTING: &'static str;
    /// Sets the `@odata.type` read before the rest of the members.
    fn set_odata_type(&mut self, odata_type: Option<crate::ODataType>);
    /// Reads the remaining members into `self` (see `read_into`).
    fn read_into_dyn<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        map: A,
        dispatched: bool,
    ) -> Result<(), A::Error>;
}

/// Reads a `null`-or-array of objects, each straight into its slot of the
/// vector (no move of the object after reading).
pub(crate) fn read_vec_in_place<'de, T: Default + ReadInto, A: serde::de::MapAccess<'de>>(
    map: &mut A,
) -> Result<Vec<T>, A::Error> {
    use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
    use std::marker::PhantomData;

    struct Slot<'a, T>(&'a mut T);
    impl<'de, T: ReadInto> DeserializeSeed<'de> for Slot<'_, T> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_map(self)
        }
    }
    impl<'de, T: ReadInto> Visitor<'de> for Slot<'_, T> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
            self.0.read_into_dyn(map, false)
        }
    }

    struct Items<T>(PhantomData<T>);
    impl<'de, T: Default + ReadInto> DeserializeSeed<'de> for Items<T> {
        type Value = Vec<T>;
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
            deserializer.deserialize_option(self)
        }
    }
    impl<'de, T: Default + ReadInto> Visitor<'de> for Items<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "an array of {}s, or null", &T::EXPECTING[2..])
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
            deserializer.deserialize_seq(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items: Vec<T> = Vec::with_capacity(seq.size_hint().unwrap_or(8).min(1024));
            loop {
                items.push(T::default());
                let slot = items.last_mut().expect("just pushed");
                if seq.next_element_seed(Slot(slot))?.is_none() {
                    items.pop();
                    return Ok(items);
                }
            }
        }
    }

    map.next_value_seed(Items(PhantomData))
}

/// ASCII case-insensitive comparison, the matching rule of every open enum.
pub(crate) fn eq_ignore_case(wire: &str, text: &str) -> bool {
    wire.eq_ignore_ascii_case(text)
}
