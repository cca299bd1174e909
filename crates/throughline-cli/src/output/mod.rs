//! Everything the command line prints: findings as text, JSON and SARIF, and the terminal's
//! styles. The commands decide what to say; this module decides how it is written.

pub mod findings;
mod halves;
pub mod sarif;
pub mod terminal;
