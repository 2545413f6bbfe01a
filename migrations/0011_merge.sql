-- 0011: merging duplicates into one record, and undoing a merge (issue 17, CONTRACT §9 "Merge").
--
-- * `contacts.merged_into`: the survivor a contact was merged into, NULL while it stands on its own. A
--   merged contact keeps its row (its id and ref_id still answer `GET`, so a client holding an old id can
--   follow it), leaves lists, search and dedupe, and refuses writes.
-- * `contact_merges`: one row per merged contact while its merge stands, so that `unmerge` can restore
--   exactly what the merge did. `survivor_before` is the survivor's document as the merge read it (the
--   same in each row of one merge, `merge_id`); the survivor after an unmerge is that document merged
--   again with the contacts of the merge still merged, in their `position`. `survivor_version` and
--   `merged_version` are the versions the merge (or a later unmerge of a sibling) left: an unmerge
--   refuses when either record has changed since. Deleted by the unmerge (the history keeps both).
-- * `contact_merge_rows`: what the merge did to the addresses, bank accounts and relations of a merged
--   contact, each row as it was before (`row`, the audit log's form): `moved` to the survivor, `demoted`
--   (moved, no longer primary: the survivor keeps one primary account), `dropped` (a duplicate by the
--   table's unique rule, deleted), `removed` (a relation between the merged contacts), `repointed`
--   (a relation elsewhere whose related contact became the survivor).

ALTER TABLE contacts ADD COLUMN merged_into TEXT;

CREATE TABLE contact_merges (
    tenant_id         TEXT NOT NULL,
    merged_id         TEXT NOT NULL,
    merge_id          TEXT NOT NULL,
    survivor_id       TEXT NOT NULL,
    position          INTEGER NOT NULL,
    survivor_before   TEXT NOT NULL CHECK (json_type(survivor_before) = 'object'),
    survivor_version  INTEGER NOT NULL,
    merged_version    INTEGER NOT NULL,
    at                TEXT NOT NULL,
    actor             TEXT NOT NULL,
    PRIMARY KEY (tenant_id, merged_id),
    FOREIGN KEY (tenant_id, merged_id) REFERENCES contacts (tenant_id, id)
) WITHOUT ROWID;

CREATE INDEX contact_merges_survivor ON contact_merges (tenant_id, survivor_id);

CREATE TABLE contact_merge_rows (
    tenant_id   TEXT NOT NULL,
    merged_id   TEXT NOT NULL,
    row_table   TEXT NOT NULL CHECK (row_table IN ('addresses', 'banks', 'relations')),
    row_id      TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('moved', 'demoted', 'dropped', 'removed', 'repointed')),
    row         TEXT NOT NULL CHECK (json_type(row) = 'object'),
    PRIMARY KEY (tenant_id, merged_id, row_table, row_id)
) WITHOUT ROWID;
