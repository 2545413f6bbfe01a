//! `Counters`: the Durable Object that issues ref numbers, one object per (tenant, namespace), and the
//! worker's client for it.
//!
//! Why an object: D1 has no atomic "increment and return" across concurrent requests of many isolates;
//! one object per namespace serialises them. Each command reads and writes its SQLite storage with
//! synchronous calls only (no await between read and write), so no two requests can draw the same number.
//!
//! State per kind (`contact`, `account`): `next` (the next number to issue) and `issued` (the highest
//! number issued). On first use a kind is seeded from the namespace row's counter; the numbers below the
//! seed count as issued, since the object cannot know otherwise. From then on the object is the authority.

use serde::{Deserialize, Serialize};
use worker::{
    durable_object, DurableObject, Env, ObjectNamespace, Request, Response, Result, SqlStorageValue, State,
};

use crate::durable;
use crate::error::ApiError;

/// A counter is the next number to issue, and the namespace row stores it as a number D1 and JSON hold
/// exactly: so the last number issued is 2^53 - 2, after which the counter stands at 2^53 - 1 for good
/// and every draw is `409 counter_exhausted`.
const MAX_COUNTER: i64 = crego_validation::MAX_SAFE_INTEGER as i64;

const CREATE_COUNTERS: &str =
    "CREATE TABLE IF NOT EXISTS counters (kind TEXT PRIMARY KEY, next INTEGER NOT NULL, issued INTEGER NOT NULL)";
const SEED_COUNTER: &str = "INSERT OR IGNORE INTO counters (kind, next, issued) VALUES (?, ?, ? - 1)";
const DRAW_NUMBER: &str =
    "UPDATE counters SET issued = next, next = next + 1 WHERE kind = ? AND next <= ? RETURNING issued";
const ISSUED: &str = "SELECT issued, next FROM counters WHERE kind = ?";
const SET_NEXT: &str = "UPDATE counters SET next = ? WHERE kind = ?";
/// Puts a counter back where it was, unless a number was drawn since it was moved.
const UNDO_SET: &str = "UPDATE counters SET next = ? WHERE kind = ? AND next = ?";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Contact,
    Account,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Account => "account",
        }
    }

    /// The namespace field this counter is shown as.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Contact => "contact_counter",
            Kind::Account => "account_counter",
        }
    }
}

/// A counter change: set `kind`'s next number to `next`; `seed` is the row's counter, used on first use.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct SetNext {
    pub kind: Kind,
    pub next: i64,
    pub seed: i64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
enum Command {
    /// Issue the next number of `kind`.
    Draw { kind: Kind, seed: i64 },
    /// Move counters; all or none (refused when any would go at or below a number already issued).
    Set { changes: Vec<SetNext> },
    /// Undo a `Set` whose D1 write failed: each counter goes back, unless it moved since.
    Undo { moves: Vec<Move> },
}

/// A counter moved by a `Set`, from one next number to another: what an `Undo` reverses.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Move {
    kind: Kind,
    from: i64,
    to: i64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Answer {
    Drawn { number: i64 },
    Set { moves: Vec<Move> },
    Undone,
    Regression { kind: Kind, issued: i64 },
    Exhausted,
}

/// A row of `DRAW_NUMBER`.
#[derive(Deserialize)]
struct Issued {
    issued: i64,
}

/// A row of `ISSUED`.
#[derive(Deserialize)]
struct Counter {
    issued: i64,
    next: i64,
}

#[durable_object]
pub struct Counters {
    state: State,
}

impl DurableObject for Counters {
    fn new(state: State, _env: Env) -> Self {
        let state = durable::with_table(state, CREATE_COUNTERS, "counters");
        Counters { state }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        durable::serve(req, |command| match command {
            Command::Draw { kind, seed } => self.draw(kind, seed),
            Command::Set { changes } => self.set(&changes),
            Command::Undo { moves } => self.undo(&moves),
        })
        .await
    }
}

impl Counters {
    fn seed(&self, kind: Kind, seed: i64) -> Result<()> {
        let seed = SqlStorageValue::Integer(seed.clamp(1, MAX_COUNTER));
        self.state
            .storage()
            .sql()
            .exec(SEED_COUNTER, vec![kind.as_str().into(), seed.clone(), seed])?;
        Ok(())
    }

    fn draw(&self, kind: Kind, seed: i64) -> Result<Answer> {
        self.seed(kind, seed)?;
        let rows: Vec<Issued> = self
            .state
            .storage()
            .sql()
            .exec(DRAW_NUMBER, vec![kind.as_str().into(), (MAX_COUNTER - 1).into()])?
            .to_array()?;
        Ok(match rows.first() {
            Some(row) => Answer::Drawn { number: row.issued },
            None => Answer::Exhausted,
        })
    }

    fn set(&self, changes: &[SetNext]) -> Result<Answer> {
        let sql = self.state.storage().sql();
        let mut moves = Vec::with_capacity(changes.len());
        for change in changes {
            self.seed(change.kind, change.seed)?;
            let rows: Vec<Counter> = sql.exec(ISSUED, vec![change.kind.as_str().into()])?.to_array()?;
            let (issued, next) = rows.first().map_or((0, change.seed), |r| (r.issued, r.next));
            if change.next <= issued {
                return Ok(Answer::Regression {
                    kind: change.kind,
                    issued,
                });
            }
            moves.push(Move {
                kind: change.kind,
                from: next,
                to: change.next,
            });
        }
        for change in changes {
            sql.exec(SET_NEXT, vec![change.next.into(), change.kind.as_str().into()])?;
        }
        Ok(Answer::Set { moves })
    }

    /// Back from `to` to `from`: above every number issued, since nothing was drawn in between.
    fn undo(&self, moves: &[Move]) -> Result<Answer> {
        let sql = self.state.storage().sql();
        for m in moves {
            sql.exec(UNDO_SET, vec![m.from.into(), m.kind.as_str().into(), m.to.into()])?;
        }
        Ok(Answer::Undone)
    }
}

/// The worker's side: one stub per (tenant, namespace).
pub struct CounterClient {
    namespace: ObjectNamespace,
}

impl CounterClient {
    pub fn new(namespace: ObjectNamespace) -> Self {
        CounterClient { namespace }
    }

    async fn call(&self, tenant: &str, namespace_id: &str, command: &Command) -> Result<Answer, ApiError> {
        // Tenant ids are `[A-Za-z0-9._-]` and namespace ids ULIDs: the `/` cannot be forged.
        let name = format!("{tenant}/{namespace_id}");
        durable::call(&self.namespace, &name, "https://counters.internal/", command)
            .await
            .map_err(|e| ApiError::Unavailable(format!("counters: {e}")))
    }

    /// Issues the next number of `kind`; `seed` is the namespace row's counter (used on first use only).
    pub async fn draw(
        &self,
        tenant: &str,
        namespace_id: &str,
        kind: Kind,
        seed: i64,
    ) -> Result<i64, ApiError> {
        match self
            .call(tenant, namespace_id, &Command::Draw { kind, seed })
            .await?
        {
            Answer::Drawn { number } => Ok(number),
            Answer::Exhausted => Err(ApiError::field_conflict(
                "counter_exhausted",
                kind.field(),
                "counter_exhausted",
                &format!(
                    "the {} has reached 2^53 - 1: no number is left to issue",
                    kind.field()
                ),
            )),
            other => Err(ApiError::Internal(format!(
                "counters: unexpected answer {other:?}"
            ))),
        }
    }

    /// Puts counters moved by [`CounterClient::set`] back after the write that was to record them
    /// failed; a counter a draw has moved since stays where it is. Best effort: a failure here is
    /// logged, and the client gets the write's own error.
    pub async fn undo(&self, tenant: &str, namespace_id: &str, moves: Vec<Move>) {
        if let Err(e) = self.call(tenant, namespace_id, &Command::Undo { moves }).await {
            worker::console_error!("counters: undoing a move after a failed write: {e:?}");
        }
    }

    /// Moves counters (all or none); refuses with 409 `counter_regression` at or below an issued number.
    /// Returns the moves, for [`CounterClient::undo`].
    pub async fn set(
        &self,
        tenant: &str,
        namespace_id: &str,
        changes: Vec<SetNext>,
    ) -> Result<Vec<Move>, ApiError> {
        match self.call(tenant, namespace_id, &Command::Set { changes }).await? {
            Answer::Set { moves } => Ok(moves),
            Answer::Regression { kind, issued } => {
                let detail = format!("{} must be above {issued}, the last number issued", kind.field());
                Err(ApiError::field_conflict(
                    "counter_regression",
                    kind.field(),
                    "counter_regression",
                    &detail,
                ))
            }
            other => Err(ApiError::Internal(format!(
                "counters: unexpected answer {other:?}"
            ))),
        }
    }
}
