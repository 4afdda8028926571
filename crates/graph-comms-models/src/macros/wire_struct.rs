//! `wire_struct!`: lossless wire objects, with the per-field reading rule
//! ([`WireField`], `read_field!`) the generated readers use. Reading an
//! object into a slot that already exists is in `read_in_place`.

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

pub(crate) use {read_field, wire_struct};

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
