//! List paging (CONTRACT §1 "Lists"): the envelope and its arithmetic.

use serde::Serialize;

pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// `MAX_PAGE` is far beyond any real list and keeps `(page - 1) * page_size` well inside 2^53.
pub use crego_validation::limits::{PAGE as MAX_PAGE, PAGE_SIZE as MAX_PAGE_SIZE};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub page_size: u64,
}

impl Default for Paging {
    fn default() -> Self {
        Paging {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl Paging {
    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.page_size
    }
}

#[derive(Debug, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Envelope<T> {
    pub count: u64,
    pub total_pages: u64,
    pub current_page: u64,
    pub has_previous: bool,
    pub has_next: bool,
    pub previous_page: Option<u64>,
    pub next_page: Option<u64>,
    pub results: Vec<T>,
}

impl<T> Envelope<T> {
    pub fn new(paging: Paging, count: u64, results: Vec<T>) -> Envelope<T> {
        let total_pages = count.div_ceil(paging.page_size);
        let has_previous = paging.page > 1;
        let has_next = paging.page < total_pages;
        Envelope {
            count,
            total_pages,
            current_page: paging.page,
            has_previous,
            has_next,
            // Past the end, "previous" is the last page that exists, so a client can step back into the list.
            previous_page: has_previous.then(|| (paging.page - 1).min(total_pages.max(1))),
            next_page: has_next.then_some(paging.page + 1),
            results,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(page: u64, page_size: u64, count: u64) -> Envelope<()> {
        Envelope::new(Paging { page, page_size }, count, vec![])
    }

    #[test]
    fn the_middle_page_has_both_neighbours() {
        let e = env(2, 20, 45);
        assert_eq!(
            (e.total_pages, e.previous_page, e.next_page),
            (3, Some(1), Some(3))
        );
        assert!(e.has_previous && e.has_next);
    }

    #[test]
    fn an_empty_list_has_no_pages_and_no_neighbours() {
        let e = env(1, 20, 0);
        assert_eq!((e.total_pages, e.has_previous, e.has_next), (0, false, false));
    }

    #[test]
    fn a_page_past_the_end_points_back_to_the_last_page() {
        let e = env(9, 20, 45);
        assert_eq!(
            (e.count, e.total_pages, e.previous_page, e.next_page),
            (45, 3, Some(3), None)
        );
        assert_eq!(
            Paging {
                page: 3,
                page_size: 20
            }
            .offset(),
            40
        );
    }
}
