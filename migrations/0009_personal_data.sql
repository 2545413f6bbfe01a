-- 0009: personal data kept as UIDAI, RBI and the DPDP Act expect (issue 16; CONTRACT §9 "Personal data"
-- and "Erasure and retention"; docs/PII.md).
--
-- From this migration on, the worker never writes an identifying value in clear:
--
-- * An Aadhaar number or VID prop keeps only its masked form (`XXXX XXXX 2346`) in `contact_props.value`,
--   and a keyed HMAC-SHA256 token of the number in the new `contact_props.token`. The number itself is
--   stored nowhere.
-- * A prop of the other identifying kinds (PAN, GSTIN, mobile, e-mail, CKYC, passport, driving licence,
--   LEI, voter ID, UPI ID) keeps its value sealed (AES-256-GCM, `enc:v1:<key id>:...`) in `value`, and
--   the token of its normalised value in `token`.
-- * `contact_identifiers.value`, dedupe's index, holds tokens instead of normalised values (same column:
--   a token is compared exactly as the value was).
-- * A bank account's document keeps its `account_number` sealed and its token in `account_token`. The
--   unique index of (contact, IFSC, number) moves to the token: sealed values of one number differ (a
--   random nonce each), tokens do not. Rows written before this migration have no token until the
--   conversion below reaches them, and meanwhile nothing stops a second account with their number.
--
-- What the worker wrote before (clear values in props, identifiers, bank documents and audit rows) is
-- converted by the worker itself, `POST /pii/convert/` (scope `pii:admin`), a bounded number of
-- contacts per call until it answers `done`: only the worker holds the keys, so SQL cannot do it here.
-- `contacts.pii_keys` says which keys a contact's data was last written or converted under
-- (`<encryption key id>/<token key id>`): NULL for every contact written before this migration, so the
-- conversion finds them, and after a key rotation it finds those written under the old keys.
--
-- Erasure and retention (DPDP Act s. 12; RBI KYC Master Direction s. 46):
--
-- * `legal_hold`: erasure is refused while it is set (1).
-- * `relationship_ended_at` (`YYYY-MM-DD`): the day the relationship ended; erasure is possible from
--   that day plus `KYC_RETENTION_YEARS` years, never before, and never while it is NULL.
-- * `erased_at`: when the contact's personal data was erased (the contact row stays, without it).
--
-- `pii_access` records every read of an identifying value in clear: who, when, which contact, which
-- fields, by which operation. Append-only, written in the request that showed the values.

ALTER TABLE contact_props ADD COLUMN token TEXT;

ALTER TABLE banks ADD COLUMN account_token TEXT GENERATED ALWAYS AS (json_extract(doc, '$.account_token')) VIRTUAL;
DROP INDEX banks_tenant_contact_account;
CREATE UNIQUE INDEX banks_tenant_contact_account_token ON banks (tenant_id, contact_id, ifsc, account_token);

ALTER TABLE contacts ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1));
ALTER TABLE contacts ADD COLUMN relationship_ended_at TEXT;
ALTER TABLE contacts ADD COLUMN erased_at TEXT;
ALTER TABLE contacts ADD COLUMN pii_keys TEXT;
-- The conversion's walk: the contacts of a tenant not under the current keys.
CREATE INDEX contacts_tenant_pii_keys ON contacts (tenant_id, pii_keys, id);

CREATE TABLE pii_access (
    tenant_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    -- The operation that showed them (`get_contact`, `dedupe_contacts`, ...).
    operation   TEXT NOT NULL,
    -- The fields shown in clear, e.g. ["props.pan_no", "banks.<id>.account_number"].
    fields      TEXT NOT NULL CHECK (json_type(fields) = 'array'),
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX pii_access_contact ON pii_access (tenant_id, contact_id, at, id);
