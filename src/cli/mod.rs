//! The `journey-designer` command line: what it accepts ([`args`]), the commands on journey
//! files ([`files`]) and those that compute numbers ([`numbers`]).

pub(crate) mod args;
pub(crate) mod files;
pub(crate) mod numbers;
