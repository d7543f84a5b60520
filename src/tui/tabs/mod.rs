//! One file per tab; each draws a pure function of `AppState` into its area.

pub mod create;
pub mod events;
pub mod help;
pub mod links;
pub mod studio;
pub mod views;
