//! List filters as SQL: one `WHERE` builder for every list (each condition a bound parameter after the
//! tenant, `?1`), and the condition of a `tags` filter.

use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::{int, text, Store, StoreResult};
use crate::domain::time::CreatedRange;

/// `WHERE <tenant column> = ?1 AND ...`, with the parameters of the conditions numbered from `?2`.
pub struct Where {
    sql: String,
    args: Vec<String>,
}

impl Where {
    /// Rows of the tenant: `tenant_column` is `tenant_id`, or `c.tenant_id` under an alias.
    pub fn tenant(tenant_column: &str) -> Where {
        Where {
            sql: format!("WHERE {tenant_column} = ?1"),
            args: Vec::new(),
        }
    }

    /// Adds a condition whose `{}` placeholders all stand for one new text parameter.
    pub fn and(&mut self, condition: &str, arg: &str) {
        self.args.push(arg.to_string());
        let n = format!("?{}", self.args.len() + 1);
        self.sql.push_str(" AND ");
        self.sql.push_str(&condition.replace("{}", &n));
    }

    /// Adds a condition without a parameter.
    pub fn and_always(&mut self, condition: &str) {
        self.sql.push_str(" AND ");
        self.sql.push_str(condition);
    }

    /// `column` within `range` (each bound inclusive, when given).
    pub fn created(&mut self, column: &str, range: &CreatedRange) {
        if let Some(after) = &range.after {
            self.and(&format!("{column} >= {{}}"), after);
        }
        if let Some(before) = &range.before {
            self.and(&format!("{column} <= {{}}"), before);
        }
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The conditions' parameters, to bind after the tenant.
    pub fn args(&self) -> Vec<JsValue> {
        self.args.iter().map(|a| text(a)).collect()
    }

    /// `LIMIT ?n OFFSET ?n+1`, numbered after the conditions' parameters.
    pub fn page_sql(&self) -> String {
        let n = self.args.len() + 2;
        format!("LIMIT ?{n} OFFSET ?{}", n + 1)
    }

    /// The parameters of the conditions and of [`Where::page_sql`].
    pub fn page_args(&self, limit: u64, offset: u64) -> Vec<JsValue> {
        let mut args = self.args();
        args.push(int(limit as i64));
        args.push(int(offset as i64));
        args
    }
}

impl Store {
    /// The count and one page, newest first, of the rows of `table` that `w` selects, read as `columns`,
    /// in one round trip.
    pub async fn newest_first<T: for<'de> Deserialize<'de>>(
        &self,
        table: &str,
        columns: &str,
        w: &Where,
        limit: u64,
        offset: u64,
    ) -> StoreResult<(u64, Vec<T>)> {
        let count = self.prepare(
            &format!("SELECT COUNT(*) AS n FROM {table} {}", w.sql()),
            &w.args(),
        )?;
        let page = self.prepare(
            &format!(
                "SELECT {columns} FROM {table} {} ORDER BY created_at DESC, id DESC {}",
                w.sql(),
                w.page_sql()
            ),
            &w.page_args(limit, offset),
        )?;
        self.count_and_page(count, page).await
    }
}

/// The condition "the JSON array `tags_column` holds every tag of the JSON array `{}`": one bound
/// parameter however many tags are asked for (one each would meet D1's limits of 100 parameters and an
/// expression depth of 100 near a hundred tags).
pub fn every_tag(tags_column: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM json_each({{}}) asked WHERE asked.value NOT IN \
         (SELECT value FROM json_each({tags_column})))"
    )
}

/// Tags asked for, as the JSON array [`every_tag`] binds.
pub fn tags_json(tags: &[String]) -> StoreResult<String> {
    Ok(serde_json::to_string(tags)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_number_their_parameters_after_the_tenant() {
        let mut w = Where::tenant("c.tenant_id");
        w.and("c.status = {}", "active");
        w.and("(c.name LIKE {} OR c.ref_id LIKE {})", "%a%");
        let range = CreatedRange {
            after: None,
            before: Some("2026-03-26T23:59:59.999999Z".into()),
        };
        w.created("c.created_at", &range);
        assert_eq!(
            w.sql(),
            "WHERE c.tenant_id = ?1 AND c.status = ?2 AND (c.name LIKE ?3 OR c.ref_id LIKE ?3) \
             AND c.created_at <= ?4"
        );
        assert_eq!(w.page_sql(), "LIMIT ?5 OFFSET ?6");
    }
}
