//! Dashboard tests without a terminal: `update` transitions and TestBackend render snapshots.

mod copy_tests;
mod edges_tests;
mod fixtures;
mod follow_tests;
mod io_task_tests;
mod live_action_tests;
mod live_tests;
mod manage_tests;
mod qr_tests;
mod render_tests;
mod update_tests;
mod views_tests;
mod watchdog_tests;
