//! Pure logic with native unit tests: the approval state machine, what is a material change, bank
//! verification, what a merge does, dedupe keys and scores, dedupe's matching model, time and ids, list
//! paging, retention.

pub mod approval;
pub mod dedupe;
pub mod ids;
pub mod list;
pub mod matching;
pub mod material;
pub mod merge;
pub mod retention;
pub mod time;
pub mod verification;
