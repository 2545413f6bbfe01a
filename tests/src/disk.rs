//! What the worker stored, read from the D1 database file under `wrangler dev`'s state directory: a
//! check against the bytes on disk rather than the API's own word, for rows no route shows (audit rows
//! of sub-resources, Idempotency-Key claims).
//!
//! Read with Python's standard `sqlite3` module (Python 3 is a prerequisite of `make test`), read-only,
//! while wrangler keeps the file open: SQLite's locking makes that safe.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs one query on a database file and prints its rows as a JSON array of arrays.
const READER: &str = "import json, sqlite3, sys\n\
con = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n\
print(json.dumps(con.execute(sys.argv[2], sys.argv[3:]).fetchall()))\n";

/// Prints the whole database as SQL (Python's `iterdump`): every row of every table, as SQLite reads it.
const DUMPER: &str = "import sqlite3, sys\n\
con = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n\
sys.stdout.write('\\n'.join(con.iterdump()))\n";

/// The D1 database of one `wrangler dev` state directory.
#[derive(Debug, Clone)]
pub struct D1File {
    path: PathBuf,
}

impl D1File {
    /// The database under the state directory named by the environment variable `var` (the runner
    /// sets `CREGO_STATE_DIR` and `CREGO_FAULT_STATE_DIR`), or `None` when it is unset.
    pub fn from_var(var: &str) -> Option<D1File> {
        let state = std::env::var(var).ok().filter(|s| !s.trim().is_empty())?;
        let dir = Path::new(&state).join("v3/d1/miniflare-D1DatabaseObject");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let path = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.extension().is_some_and(|x| x == "sqlite") && p.file_stem().is_some_and(|s| s != "metadata")
            })
            .unwrap_or_else(|| panic!("no D1 database file in {}", dir.display()));
        Some(D1File { path })
    }

    /// The rows of `sql` with `params` bound as text (`?1`, `?2`, ...), each row an array of values.
    pub fn query(&self, sql: &str, params: &[&str]) -> Vec<Vec<Value>> {
        let output = Command::new("python3")
            .arg("-c")
            .arg(READER)
            .arg(&self.path)
            .arg(sql)
            .args(params)
            .output()
            .unwrap_or_else(|e| panic!("running python3: {e}"));
        assert!(
            output.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Every row of every table as SQL text: what the database holds, whatever the bytes of its file
    /// still keep in freed space.
    pub fn dump(&self) -> String {
        let output = Command::new("python3")
            .arg("-c")
            .arg(DUMPER)
            .arg(&self.path)
            .output()
            .unwrap_or_else(|e| panic!("running python3: {e}"));
        assert!(
            output.status.success(),
            "dump: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The single integer a `SELECT COUNT(*) ...` gives.
    pub fn count(&self, sql: &str, params: &[&str]) -> i64 {
        let rows = self.query(sql, params);
        rows.first()
            .and_then(|r| r.first())
            .and_then(Value::as_i64)
            .unwrap_or_else(|| panic!("{sql}: no count in {rows:?}"))
    }
}
