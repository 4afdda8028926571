//! Dispatch on `@odata.type` in one pass.
//!
//! Graph writes `@odata.type` as the first member of an object, so the common
//! case reads that member, picks the type and hands the rest of the same map
//! to it: no buffering. When the annotation comes later (or not at all), the
//! members are buffered into a map first, which is slower but equally correct.

use crate::ODataType;
use crate::macros::{ReadInto, wire_struct};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

wire_struct! {
    /// An object of a type this library does not model (or a resource whose
    /// `@odata.type` it does not know): its `@odata.type` and every member,
    /// kept verbatim and written back unchanged.
    pub struct UnknownObject : "unknownObject" {}
}

/// A type chosen by `@odata.type`.
pub(crate) trait Polymorphic: Sized {
    /// What the input must be, for error messages.
    const EXPECTING: &'static str;

    /// Reads the rest of the members once the type is known.
    fn read_typed<'de, A: MapAccess<'de>>(
        odata_type: Option<ODataType>,
        map: A,
    ) -> Result<Self, A::Error>;
}

enum FirstKey {
    ODataType,
    Other(String),
}

impl<'de> de::Deserialize<'de> for FirstKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FirstKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<FirstKey, E> {
                Ok(if key == "@odata.type" {
                    FirstKey::ODataType
                } else {
                    FirstKey::Other(key.to_owned())
                })
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

/// A `Visitor` (and `DeserializeSeed`) for a polymorphic object.
pub(crate) struct PolymorphicVisitor<P>(PhantomData<P>);

impl<P> PolymorphicVisitor<P> {
    pub(crate) fn new() -> Self {
        PolymorphicVisitor(PhantomData)
    }
}

impl<'de, P: Polymorphic> Visitor<'de> for PolymorphicVisitor<P> {
    type Value = P;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(P::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<P, A::Error> {
        match map.next_key::<FirstKey>()? {
            None => P::read_typed(None, map),
            Some(FirstKey::ODataType) => {
                let odata_type = map.next_value::<Option<ODataType>>()?;
                P::read_typed(odata_type, map)
            }
            Some(FirstKey::Other(key)) => {
                let mut members = Map::new();
                members.insert(key, map.next_value::<Value>()?);
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    members.insert(key, value);
                }
                let odata_type = match members.remove("@odata.type") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(text)) => Some(ODataType::from(text)),
                    Some(_) => {
                        return Err(de::Error::custom(
                            "invalid type for @odata.type: expected a string",
                        ));
                    }
                };
                let rest = de::value::MapDeserializer::<_, serde_json::Error>::new(
                    members
                        .into_iter()
                        .map(|(key, value)| (Value::String(key), value)),
                );
                P::read_typed(odata_type, rest).map_err(de::Error::custom)
            }
        }
    }
}

impl<'de, P: Polymorphic> DeserializeSeed<'de> for PolymorphicVisitor<P> {
    type Value = P;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<P, D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// `Deserialize::deserialize` for a polymorphic type.
pub(crate) fn deserialize_polymorphic<'de, D: Deserializer<'de>, P: Polymorphic>(
    deserializer: D,
) -> Result<P, D::Error> {
    deserializer.deserialize_map(PolymorphicVisitor::<P>::new())
}

/// Reads the rest of an object whose type was chosen by its `@odata.type`.
pub(crate) fn read_dispatched<'de, T: Default + ReadInto, A: MapAccess<'de>>(
    map: A,
    odata_type: Option<ODataType>,
) -> Result<T, A::Error> {
    let mut out = T::default();
    out.set_odata_type(odata_type);
    out.read_into_dyn(map, true)?;
    Ok(out)
}

/// Reads an object straight into its box: a call is ~500 bytes, and moving it
/// from the stack into the heap after reading showed in profiles.
pub(crate) fn read_boxed<'de, T: Default + ReadInto, A: MapAccess<'de>>(
    map: A,
    odata_type: Option<ODataType>,
) -> Result<Box<T>, A::Error> {
    let mut boxed = Box::<T>::default();
    boxed.set_odata_type(odata_type);
    boxed.read_into_dyn(map, true)?;
    Ok(boxed)
}
