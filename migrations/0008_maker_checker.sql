-- 0008: maker-checker an auditor can follow (issue 15).
--
-- An approval now covers one version of a contact, and a material change (CONTRACT §9, "Maker-checker")
-- sends an approved contact back to `pending`. What that needs in storage:
--
-- * `contacts.approved_version` / `rejected_version`: the version the approval or rejection in force
--   covered (the version the checker read; the action's own write is the next one). NULL when none.
-- * `contacts.makers`: a JSON array of the users (their `sub`, trimmed and lower-cased) who created the
--   contact or made a material change since its last approval. None of them may approve or reject it.
--   Every material write adds its user in the same statement batch as the change (a set union in SQL, so
--   two writers at once both land), and an approval empties it: checking the rule is one column of the
--   row the action reads anyway, never a scan of the history.
-- * `audit_log.contact_id`: the contact a row belongs to (the contact itself, or the owner of an address,
--   bank account or relation), so that `GET /contacts/{id}/history/` shows the sub-resources' writes with
--   the contact's own, from one index, newest first.
-- * `audit_log.approval`: what the write did to the contact's approval: `reset` (it was approved and the
--   write was material), `kept` (it was approved and stays so), NULL (it was not approved). Written by
--   the row's own insert, which reads the contact as it was before the write in the same batch.
--
-- Bank accounts keep `account_changed_by` (who created the account or last changed its number or IFSC:
-- that user may not verify it), `verified_by` and `verified_at` inside their document, like every other
-- field of theirs (0003).
--
-- Rows written before this migration keep working: the columns below are filled from the audit trail,
-- which has recorded every write with its actor and documents since 0002. Where the trail cannot say
-- whether an old write was material, it is counted as material (its user may not approve), the safe side
-- of the rule. Contacts approved before this migration keep their approval even if they were changed
-- after it (the old rules allowed that); `approved_version` < `version` shows which ones were touched.

ALTER TABLE contacts ADD COLUMN approved_version INTEGER;
ALTER TABLE contacts ADD COLUMN rejected_version INTEGER;
ALTER TABLE contacts ADD COLUMN makers TEXT NOT NULL DEFAULT '[]' CHECK (json_type(makers) = 'array');

ALTER TABLE audit_log ADD COLUMN contact_id TEXT;
ALTER TABLE audit_log ADD COLUMN approval TEXT CHECK (approval IN ('reset', 'kept'));

-- The contact of every row written so far: a sub-resource row's documents carry their owner.
UPDATE audit_log SET contact_id = CASE object_type
    WHEN 'contact' THEN object_id
    ELSE json_extract(coalesce(after, before), '$.contact_id')
END;
-- Before this migration nothing reset an approval: a contact row written while it was approved kept it.
UPDATE audit_log SET approval = 'kept'
    WHERE object_type = 'contact' AND json_extract(before, '$.approval_status') = 'approved';

-- A contact's history, newest first (replaces the per-object index: the API reads history by contact).
CREATE INDEX audit_log_contact ON audit_log (tenant_id, contact_id, at, id);

-- The version each approval or rejection in force covered: the document its action's row saw before.
UPDATE contacts SET
    approved_version = CASE contacts.approval_status WHEN 'approved' THEN decided.version END,
    rejected_version = CASE contacts.approval_status WHEN 'rejected' THEN decided.version END
FROM (
    SELECT tenant_id, contact_id, action, json_extract(before, '$.version') AS version,
        row_number() OVER (PARTITION BY tenant_id, contact_id, action ORDER BY at DESC, id DESC) AS newest
    FROM audit_log WHERE object_type = 'contact' AND action IN ('approve', 'reject')
) AS decided
WHERE decided.newest = 1 AND decided.tenant_id = contacts.tenant_id AND decided.contact_id = contacts.id
  AND decided.action = CASE contacts.approval_status WHEN 'approved' THEN 'approve' WHEN 'rejected' THEN 'reject' END;

-- Everyone who wrote the contact, its addresses or its bank accounts since its last approval (all of its
-- writes when it was never approved), except by the actions: the safe reading of an old write.
UPDATE contacts SET makers = (
    SELECT json_group_array(maker) FROM (
        SELECT DISTINCT lower(trim(a.actor)) AS maker FROM audit_log a
        WHERE a.tenant_id = contacts.tenant_id AND a.contact_id = contacts.id
          AND a.object_type IN ('contact', 'address', 'bank')
          AND a.action IN ('create', 'update', 'props', 'delete')
          AND a.at > coalesce((
              SELECT max(p.at) FROM audit_log p
              WHERE p.tenant_id = contacts.tenant_id AND p.contact_id = contacts.id
                AND p.object_type = 'contact' AND p.action = 'approve'), '')
        ORDER BY maker
    )
);

-- Who entered each bank account's number and IFSC: the last update that changed either, else its creator.
UPDATE banks SET doc = json_set(doc, '$.account_changed_by', coalesce((
    SELECT a.actor FROM audit_log a
    WHERE a.tenant_id = banks.tenant_id AND a.contact_id = banks.contact_id AND a.object_type = 'bank'
      AND a.object_id = banks.id AND a.action = 'update'
      AND (json_extract(a.before, '$.doc.account_number') IS NOT json_extract(a.after, '$.doc.account_number')
        OR json_extract(a.before, '$.doc.ifsc') IS NOT json_extract(a.after, '$.doc.ifsc'))
    ORDER BY a.at DESC, a.id DESC LIMIT 1
), created_by));

DROP INDEX audit_log_object;
