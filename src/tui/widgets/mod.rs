//! Screen regions shared by every tab: header, footer, error bar, QR code, popups (the live
//! actions' questions in `action_popup`).

pub mod action_popup;
pub mod error_bar;
pub mod footer;
pub mod header;
pub mod popup;
pub mod qr;
pub mod remove_popup;
pub mod scroll;
