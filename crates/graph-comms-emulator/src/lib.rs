//! A local emulator of the Microsoft Graph calling service (issue 17).

pub mod clock;
pub mod core;
mod keys;
mod runtime;
pub mod scenario;

pub use clock::Clock;
pub use core::Faults;
pub use keys::{ISSUER, TOKEN_LIFETIME_SECS};
pub use runtime::{Emulator, EmulatorBuilder, EmulatorUrls};
