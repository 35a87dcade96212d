//! Calibrating a journey from what really happened: event logs drawn from a journey
//! ([`sample`]).

pub mod sample;
