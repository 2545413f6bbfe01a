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

const MAX_COUNTER: i64 = (1 << 53) - 1;

const CREATE_COUNTERS: &str =
    "CREATE TABLE IF NOT EXISTS counters (kind TEXT PRIMARY KEY, next INTEGER NOT NULL, issued INTEGER NOT NULL)";
const SEED_COUNTER: &str = "INSERT OR IGNORE INTO counters (kind, next, issued) VALUES (?, ?, ? - 1)";
const DRAW_NUMBER: &str =
    "UPDATE counters SET issued = next, next = next + 1 WHERE kind = ? AND next <= ? RETURNING issued";
const ISSUED: &str = "SELECT issued FROM counters WHERE kind = ?";
const SET_NEXT: &str = "UPDATE counters SET next = ? WHERE kind = ?";

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
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Answer {
    Drawn { number: i64 },
    Set,
    Regression { kind: Kind, issued: i64 },
    Exhausted,
}

/// A row of `DRAW_NUMBER` and of `ISSUED`.
#[derive(Deserialize)]
struct Issued {
    issued: i64,
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
            .exec(DRAW_NUMBER, vec![kind.as_str().into(), MAX_COUNTER.into()])?
            .to_array()?;
        Ok(match rows.first() {
            Some(row) => Answer::Drawn { number: row.issued },
            None => Answer::Exhausted,
        })
    }

    fn set(&self, changes: &[SetNext]) -> Result<Answer> {
        let sql = self.state.storage().sql();
        for change in changes {
            self.seed(change.kind, change.seed)?;
            let rows: Vec<Issued> = sql.exec(ISSUED, vec![change.kind.as_str().into()])?.to_array()?;
            let issued = rows.first().map_or(0, |r| r.issued);
            if change.next <= issued {
                return Ok(Answer::Regression {
                    kind: change.kind,
                    issued,
                });
            }
        }
        for change in changes {
            sql.exec(SET_NEXT, vec![change.next.into(), change.kind.as_str().into()])?;
        }
        Ok(Answer::Set)
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
            Answer::Exhausted => Err(ApiError::conflict(
                "counter_exhausted",
                format!("the {} has reached 2^53 - 1", kind.field()),
            )),
            other => Err(ApiError::Internal(format!(
                "counters: unexpected answer {other:?}"
            ))),
        }
    }

    /// Moves counters (all or none); refuses with 409 `counter_regression` at or below an issued number.
    pub async fn set(&self, tenant: &str, namespace_id: &str, changes: Vec<SetNext>) -> Result<(), ApiError> {
        match self.call(tenant, namespace_id, &Command::Set { changes }).await? {
            Answer::Set => Ok(()),
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
