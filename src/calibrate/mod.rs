//! Calibration: fitting a journey's numbers to what really happened, from an event log.
//!
//! [`map`] says which step an event stands for, from the steps' `events`; [`sample`] draws
//! an event log from a journey's own numbers.

pub mod map;
pub mod sample;
