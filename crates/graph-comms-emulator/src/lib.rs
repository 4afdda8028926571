//! A local emulator of the Microsoft Graph calling service (work in
//! progress: issue 17).

pub mod scenario;
