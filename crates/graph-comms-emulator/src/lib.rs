//! A local emulator of the Microsoft Graph calling service (issue 17).

pub mod clock;
pub mod core;
pub mod scenario;

pub use clock::Clock;
pub use core::Faults;
