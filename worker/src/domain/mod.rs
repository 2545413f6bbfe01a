//! Pure logic with native unit tests: the approval state machine, dedupe keys and scores, dedupe's
//! matching model, time and ids, list paging.

pub mod approval;
pub mod dedupe;
pub mod ids;
pub mod list;
pub mod matching;
pub mod time;
