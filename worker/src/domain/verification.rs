//! Bank account verification as a checked action (CONTRACT §5, §9): recording an outcome (`verified` or
//! `failed`) needs the `banks:verify` scope and a user other than the account's maker (who created it or
//! last changed its number or IFSC), and an outcome stops holding when the number or IFSC changes.

use crego_validation::VerificationStatus;

/// What a write does to an account's verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Nothing beyond what the write sends.
    Keep,
    /// The writer records an outcome: they become its `verified_by`, now its `verified_at`.
    Verifier,
    /// The stored outcome no longer holds: `verified_by`/`verified_at` are cleared, and the status is
    /// this one (`pending` when the number or IFSC changed and no status was sent).
    Clear(VerificationStatus),
}

/// Why a write may not record an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 403 `missing_scope`
    MissingScope,
    /// 403 `self_verification`
    SelfVerification,
}

/// A write to an account: the status it has, the one the write sends, and whether it changes the
/// number or IFSC (a create counts as changing them).
#[derive(Debug, Clone, Copy)]
pub struct Write {
    pub stored: VerificationStatus,
    pub requested: Option<VerificationStatus>,
    pub changes_account: bool,
}

/// Who writes: whether they hold `banks:verify`, and whether they are the account's maker after this
/// write (a writer who changes the number or IFSC always is).
#[derive(Debug, Clone, Copy)]
pub struct Writer {
    pub can_verify: bool,
    pub is_maker: bool,
}

/// Decides a write's verification. An outcome sent again unchanged, with the same number and IFSC,
/// records nothing new and needs no verifier.
pub fn decide(write: Write, writer: Writer) -> Result<Stamp, Refusal> {
    let records = write
        .requested
        .is_some_and(|r| r.is_outcome() && (r != write.stored || write.changes_account));
    if records {
        return match (writer.can_verify, writer.is_maker) {
            (false, _) => Err(Refusal::MissingScope),
            (true, true) => Err(Refusal::SelfVerification),
            (true, false) => Ok(Stamp::Verifier),
        };
    }
    if !write.stored.is_outcome() {
        return Ok(Stamp::Keep);
    }
    Ok(match write.requested {
        Some(r) if !r.is_outcome() => Stamp::Clear(r),
        None if write.changes_account => Stamp::Clear(VerificationStatus::Pending),
        _ => Stamp::Keep,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use VerificationStatus::{Failed, Pending, Unverified, Verified};

    const VERIFIER: Writer = Writer {
        can_verify: true,
        is_maker: false,
    };

    fn write(stored: VerificationStatus, requested: Option<VerificationStatus>, changes: bool) -> Write {
        Write {
            stored,
            requested,
            changes_account: changes,
        }
    }

    #[test]
    fn recording_an_outcome_needs_the_scope_and_someone_other_than_the_maker() {
        for outcome in [Verified, Failed] {
            let w = write(Unverified, Some(outcome), false);
            assert_eq!(decide(w, VERIFIER), Ok(Stamp::Verifier));
            let no_scope = Writer {
                can_verify: false,
                is_maker: false,
            };
            assert_eq!(decide(w, no_scope), Err(Refusal::MissingScope));
            let maker = Writer {
                can_verify: true,
                is_maker: true,
            };
            assert_eq!(decide(w, maker), Err(Refusal::SelfVerification));
        }
    }

    #[test]
    fn an_outcome_sent_again_unchanged_records_nothing() {
        let maker = Writer {
            can_verify: false,
            is_maker: true,
        };
        assert_eq!(
            decide(write(Verified, Some(Verified), false), maker),
            Ok(Stamp::Keep)
        );
        // With a new number it is a new outcome, and the writer who changed it is the maker.
        assert_eq!(
            decide(write(Verified, Some(Verified), true), maker),
            Err(Refusal::MissingScope)
        );
    }

    #[test]
    fn a_new_number_or_ifsc_sends_an_outcome_back_to_pending() {
        let anyone = Writer {
            can_verify: false,
            is_maker: true,
        };
        for stored in [Verified, Failed] {
            assert_eq!(
                decide(write(stored, None, true), anyone),
                Ok(Stamp::Clear(Pending))
            );
            // A status sent with the change is taken, when it is no outcome.
            assert_eq!(
                decide(write(stored, Some(Unverified), true), anyone),
                Ok(Stamp::Clear(Unverified))
            );
            // Without the change, other fields keep the outcome.
            assert_eq!(decide(write(stored, None, false), anyone), Ok(Stamp::Keep));
        }
        for stored in [Unverified, Pending] {
            assert_eq!(decide(write(stored, None, true), anyone), Ok(Stamp::Keep));
        }
    }

    #[test]
    fn anyone_may_withdraw_an_outcome_or_ask_for_verification() {
        let anyone = Writer {
            can_verify: false,
            is_maker: true,
        };
        assert_eq!(
            decide(write(Verified, Some(Pending), false), anyone),
            Ok(Stamp::Clear(Pending))
        );
        assert_eq!(
            decide(write(Unverified, Some(Pending), false), anyone),
            Ok(Stamp::Keep)
        );
    }
}
