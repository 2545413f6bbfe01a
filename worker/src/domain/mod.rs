//! Pure logic with native unit tests: time and ids, list paging.

pub mod ids;
pub mod list;
pub mod time;
