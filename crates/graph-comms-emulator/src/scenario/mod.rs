//! Scenario files: the scripted callers, the faults and the expectations of
//! one emulator run.
