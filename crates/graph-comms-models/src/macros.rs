//! The two macros behind every wire type: open string enums and lossless objects.
//!
//! Both write their `Serialize`/`Deserialize` impls by hand rather than through
//! `#[serde(untagged)]` or `#[serde(flatten)]`: those buffer every value through
//! serde's `Content` type, which costs a factor of several in decoding speed
//! (see ARCHITECTURE.md) and gives vague errors.
//!
//! One file per concern:
//! - `open_enum.rs`: `open_enum!` and the case-insensitive matching rule;
//! - `wire_struct.rs`: `wire_struct!` and how one field is read and written
//!   (`WireField`, `read_field!`);
//! - `read_in_place.rs`: reading an object straight into its final slot
//!   (`ReadInto`, `read_vec_in_place`).
//!
//! Everything is re-exported here, so that a wire type names
//! `crate::macros::{open_enum, wire_struct, …}` whatever file it lives in.

mod open_enum;
mod read_in_place;
mod wire_struct;

pub(crate) use open_enum::{eq_ignore_case, open_enum};
pub(crate) use read_in_place::{ReadInto, read_vec_in_place};
pub(crate) use wire_struct::{WireField, read_field, wire_struct};
