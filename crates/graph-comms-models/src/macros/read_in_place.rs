//! Reading objects in place: straight into their final slot (a vector
//! element, a box), so that a large object is not moved after it is read.
//! Every `wire_struct!` type implements [`ReadInto`].

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
