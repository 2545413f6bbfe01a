-- 0010: dedupe weighs all the evidence (issue 17) and knows every identifying kind (issue 13 item 4).
--
-- The matching model (worker/src/domain/matching, docs/DEDUPE.md) compares a request with candidates
-- found under blocking keys: pairs of name-word codes (`n:kmr|rjs`), a code with the date of birth
-- (`d:kmr|1985-03-12`) and a code with an address's pincode (`p:kmr|411001`). A code is the first three
-- letters of a word's consonant skeleton after the spelling fold (Lakshmi and Laxmi share it). The
-- worker writes a contact's `n:` and `d:` keys in the batch of every write of its name, type or props;
-- its `p:` keys are spelled here in SQL, from `contacts.name_codes` and the addresses' pincodes, in the
-- batch of every address write and every rename, so a key never waits for a later write. A request reads
-- at most 50 contacts per key, newest first (ULID ids make that the key's index order), and scores the
-- 200 sharing most keys with it: a name shared by thousands costs what a rare one does.
--
-- The model weighs a name by how common its words are in the tenant: `contact_name_words` counts, per
-- word fold, the contacts whose name has it (word '' counts the tenant's contacts). The counts move in
-- the batch of each create (+1), rename or change of type (-1 old words, +1 new), so reading them is an
-- index probe per word, never a count over the tenant. `contacts.name_words` keeps each contact's folds
-- so that a rename can take its old words back, and so that candidates come with their words' counts.
--
-- `contact_identifiers` also takes VID, EPIC, CKYC, CIN, LLPIN, Udyam, LEI and passport numbers (the
-- validation crate's `dedupe` flag) and, under the GSTIN's prop key, the PAN inside a GSTIN.
--
-- The backfill. Contacts written before this migration get the same rows the worker would write for
-- them: the worker's name parsing (domain::matching::name), spelling fold (phonetic), date reading
-- (fields::parse_date) and identifier rules (crego_validation::identifiers) are written out below in
-- SQL, for what a stored value can hold (a contact name is ASCII letters, digits, Unicode spaces and
-- , . - ' & ( )). worker/tests/migration_0010.rs holds this SQL to the Rust on thousands of generated
-- contacts and on every word of the parser's lists: the two must file every contact identically. Work
-- tables named m10_* are dropped at the end. The fold runs once per distinct word, not per contact.
--
-- The name blocks of migration 0002 (3-letter prefixes) are no longer read: dropped.

CREATE TABLE contact_match_keys (
    tenant_id   TEXT NOT NULL,
    key         TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, key, contact_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX contact_match_keys_contact ON contact_match_keys (tenant_id, contact_id);

CREATE TABLE contact_name_words (
    tenant_id  TEXT NOT NULL,
    word       TEXT NOT NULL,
    contacts   INTEGER NOT NULL CHECK (contacts >= 0),
    PRIMARY KEY (tenant_id, word)
) WITHOUT ROWID;

-- JSON arrays, sorted: the folds of the name's words, and the codes of its first four that are not
-- initials (what its keys are made of).
ALTER TABLE contacts ADD COLUMN name_words TEXT NOT NULL DEFAULT '[]';
ALTER TABLE contacts ADD COLUMN name_codes TEXT NOT NULL DEFAULT '[]';

-- Unicode White_Space, which Rust's trim() and the text rules' \s mean: the separators of name words and
-- what is trimmed from prop keys and values.
CREATE TABLE m10_ws (chars TEXT NOT NULL);
INSERT INTO m10_ws VALUES (char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197,
    8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288));

-- 1. The words of each name (parse_name): lower case, "(p)" read as "pvt", "&" as "and", apostrophes
-- dropped, every other character that is not a letter or a digit a separator.
CREATE TABLE m10_raw (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    n           INTEGER NOT NULL,
    word        TEXT NOT NULL,
    corporate   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, n)
) WITHOUT ROWID;

WITH lowered AS (
    SELECT tenant_id, id, type = 'corporate' AS corporate,
        replace(replace(replace(replace(replace(replace(replace(replace(
            lower(name), '(p)', ' pvt '), '&', ' and '), '''', ''), ',', ' '), '.', ' '), '-', ' '), '(', ' '),
            ')', ' ') AS s
    FROM contacts
), spaced_1 AS (
    SELECT tenant_id, id, corporate,
        replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(9), ' '), char(10), ' '), char(11), ' '), char(12), ' '), char(13), ' '), char(133), ' '),
            char(160), ' '), char(5760), ' ') AS s
    FROM lowered
), spaced_2 AS (
    SELECT tenant_id, id, corporate,
        replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(8192), ' '), char(8193), ' '), char(8194), ' '), char(8195), ' '), char(8196), ' '),
            char(8197), ' '), char(8198), ' '), char(8199), ' ') AS s
    FROM spaced_1
), spaced AS (
    SELECT tenant_id, id, corporate,
        replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(8200), ' '), char(8201), ' '), char(8202), ' '), char(8232), ' '), char(8233), ' '),
            char(8239), ' '), char(8287), ' '), char(12288), ' ') AS s
    FROM spaced_2
), split AS (
    SELECT c.tenant_id, c.id, c.corporate, CAST(w.key AS INTEGER) AS pos, w.value AS word
    FROM spaced c, json_each('["' || replace(c.s, ' ', '","') || '"]') w
    WHERE w.value <> ''
)
INSERT INTO m10_raw (tenant_id, contact_id, n, word, corporate)
    SELECT tenant_id, id, ROW_NUMBER() OVER (PARTITION BY tenant_id, id ORDER BY pos), word, corporate
    FROM split;

-- 2. The words that make tokens (name::tokens): a person's own words end before the first relation
-- phrase with words on both sides ("S O", "son of", ...); leading honorifics go; trailing legal forms
-- and stop words go while more than one word is left; stop words go anywhere.
CREATE TABLE m10_core (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    n           INTEGER NOT NULL,
    word        TEXT NOT NULL,
    corporate   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, n)
) WITHOUT ROWID;

WITH lengths AS (
    SELECT tenant_id, contact_id, max(n) AS len FROM m10_raw GROUP BY tenant_id, contact_id
), relations AS (
    SELECT a.tenant_id, a.contact_id, min(a.n) AS at
    FROM m10_raw a
    JOIN m10_raw b ON b.tenant_id = a.tenant_id AND b.contact_id = a.contact_id AND b.n = a.n + 1
    JOIN lengths l ON l.tenant_id = a.tenant_id AND l.contact_id = a.contact_id
    WHERE a.corporate = 0 AND a.n BETWEEN 2 AND l.len - 2
      AND a.word || ' ' || b.word IN ('s o', 'd o', 'w o', 'h o', 'c o', 'son of', 'daughter of', 'wife of',
          'husband of', 'care of')
    GROUP BY a.tenant_id, a.contact_id
), own AS (
    SELECT r.* FROM m10_raw r
    LEFT JOIN relations x ON x.tenant_id = r.tenant_id AND x.contact_id = r.contact_id
    WHERE x.at IS NULL OR r.n < x.at
), firsts AS (
    SELECT tenant_id, contact_id, min(n) AS first FROM own
    WHERE word NOT IN ('mr', 'mrs', 'ms', 'miss', 'shri', 'shree', 'sri', 'sree', 'smt', 'shrimati', 'srimati',
        'kumari', 'km', 'kum', 'dr', 'prof', 'late', 'master', 'mast', 'baby', 'sh', 'thiru', 'tmt', 'selvi',
        'janab', 'sardar', 'messrs')
    GROUP BY tenant_id, contact_id
), lasts AS (
    SELECT f.tenant_id, f.contact_id, f.first,
        coalesce(max(CASE WHEN o.word NOT IN ('pvt', 'private', 'ltd', 'limited', 'llp', 'co', 'company', 'inc',
            'corp', 'corporation', 'p', 'and', 'of', 'the') THEN o.n END), f.first) AS last
    FROM firsts f
    JOIN own o ON o.tenant_id = f.tenant_id AND o.contact_id = f.contact_id AND o.n >= f.first
    GROUP BY f.tenant_id, f.contact_id, f.first
)
INSERT INTO m10_core (tenant_id, contact_id, n, word, corporate)
    SELECT o.tenant_id, o.contact_id, o.n, o.word, o.corporate
    FROM own o
    JOIN lasts l ON l.tenant_id = o.tenant_id AND l.contact_id = o.contact_id
    WHERE o.n BETWEEN l.first AND l.last AND o.word NOT IN ('and', 'of', 'the');

-- 3. Each word written out (name::expand): clerks' abbreviations and the spellings of Mohammed; then a
-- firm's plural made singular, or a person's Gujarati "-bhai"/"-ben" dropped.
UPDATE m10_core SET word = CASE word
        WHEN 'md' THEN 'mohammed' WHEN 'mohd' THEN 'mohammed' WHEN 'mhd' THEN 'mohammed'
        WHEN 'kr' THEN 'kumar' WHEN 'pd' THEN 'prasad' WHEN 'prd' THEN 'prasad' WHEN 'ch' THEN 'chandra'
        WHEN 'sk' THEN 'shaikh' WHEN 'ent' THEN 'enterprises' WHEN 'inds' THEN 'industries'
        WHEN 'mfg' THEN 'manufacturing' WHEN 'intl' THEN 'international' WHEN 'bros' THEN 'brothers'
        WHEN 'mohammad' THEN 'mohammed' WHEN 'muhammad' THEN 'mohammed' WHEN 'muhammed' THEN 'mohammed'
        WHEN 'mohamed' THEN 'mohammed' WHEN 'mohamad' THEN 'mohammed'
        ELSE word END;
UPDATE m10_core SET word = CASE
        WHEN corporate = 1 AND substr(word, -3) = 'ies' AND length(word) >= 6
            THEN substr(word, 1, length(word) - 3) || 'y'
        WHEN corporate = 1 AND substr(word, -1) = 's' AND length(word) >= 5 AND substr(word, -2, 1) <> 's'
            THEN substr(word, 1, length(word) - 1)
        WHEN corporate = 0 AND substr(word, -4) = 'bhai' AND length(word) >= 7
            THEN substr(word, 1, length(word) - 4)
        WHEN corporate = 0 AND substr(word, -3) = 'ben' AND length(word) >= 6
            THEN substr(word, 1, length(word) - 3)
        ELSE word END;

-- 4. Tokens in name order (t): a person's two or three consonants written together are initials, one
-- token a letter ("rk"); a firm's run of single letters is one token ("s k s" is "sks").
CREATE TABLE m10_tokens (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    t           INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, t)
) WITHOUT ROWID;

INSERT INTO m10_tokens (tenant_id, contact_id, t, text)
    SELECT c.tenant_id, c.contact_id, c.n * 4 + i.k, substr(c.word, i.k + 1, 1)
    FROM m10_core c
    JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) i ON i.k < length(c.word)
    WHERE c.corporate = 0
      AND length(c.word) IN (2, 3) AND c.word NOT GLOB '*[^bcdfghjklmnpqrstvwxz]*';
INSERT INTO m10_tokens (tenant_id, contact_id, t, text)
    SELECT tenant_id, contact_id, n * 4, word FROM m10_core
    WHERE corporate = 0
      AND NOT (length(word) IN (2, 3) AND word NOT GLOB '*[^bcdfghjklmnpqrstvwxz]*');
INSERT INTO m10_tokens (tenant_id, contact_id, t, text)
    SELECT tenant_id, contact_id, n * 4, word FROM m10_core WHERE corporate = 1 AND length(word) > 1;

-- A firm's letters: a run is the letters whose rank among the words minus their rank among the letters
-- is the same; they are joined in word order (the table's key order).
CREATE TABLE m10_letters (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    run         INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    word        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, run, n)
) WITHOUT ROWID;
INSERT INTO m10_letters (tenant_id, contact_id, run, n, word)
    SELECT tenant_id, contact_id, rank_all - rank_letter, n, word FROM (
        SELECT tenant_id, contact_id, n, word, length(word) = 1 AS letter,
            ROW_NUMBER() OVER (PARTITION BY tenant_id, contact_id ORDER BY n) AS rank_all,
            ROW_NUMBER() OVER (PARTITION BY tenant_id, contact_id, length(word) = 1 ORDER BY n) AS rank_letter
        FROM m10_core WHERE corporate = 1)
    WHERE letter;
INSERT INTO m10_tokens (tenant_id, contact_id, t, text)
    SELECT tenant_id, contact_id, min(n) * 4, group_concat(word, '')
    FROM m10_letters GROUP BY tenant_id, contact_id, run;

-- 5. The spelling fold of each distinct word (phonetic::fold): what each position writes and how many
-- letters it reads, then a walk through the word writing each piece unless the output already ends with
-- its letter (doubled letters once), then a final "h" after a vowel and a long word's final "a" after a
-- consonant dropped; and its consonant skeleton (phonetic::skeleton). Vowels are a e i o u y.
CREATE TABLE m10_pieces (
    text   TEXT NOT NULL,
    j      INTEGER NOT NULL,
    piece  TEXT NOT NULL,
    used   INTEGER NOT NULL,
    PRIMARY KEY (text, j)
) WITHOUT ROWID;

WITH RECURSIVE texts AS (
    SELECT DISTINCT text FROM m10_tokens
), positions(text, j) AS (
    SELECT text, 1 FROM texts
    UNION ALL
    SELECT text, j + 1 FROM positions WHERE j < length(text)
), letters AS (
    SELECT text, j, substr(text, j, 1) AS c, substr(text, j + 1, 1) AS nx, substr(text, j + 2, 1) AS af,
        CASE WHEN j > 1 THEN substr(text, j - 1, 1) ELSE '' END AS pv
    FROM positions
)
INSERT INTO m10_pieces (text, j, piece, used)
    SELECT text, j,
        CASE
            WHEN c = 'k' AND nx = 's' AND af = 'h' THEN 'ks'
            WHEN c = 'x' THEN 'ks'
            WHEN c IN ('s', 'p', 'b', 'd', 't', 'k', 'g', 'j', 'c') AND nx = 'h' THEN
                CASE c WHEN 'p' THEN 'f' ELSE c END
            WHEN c = 'c' AND nx = 'k' THEN 'k'
            WHEN c = 'q' THEN 'k'
            WHEN c = 'z' THEN 'j'
            WHEN c = 'w' AND nx NOT IN ('a', 'e', 'i', 'o', 'u', 'y') AND pv IN ('a', 'e', 'i', 'o', 'u', 'y')
                THEN ''
            WHEN c = 'w' THEN 'v'
            WHEN (c = 'e' AND nx = 'e') OR (c = 'i' AND nx = 'i') THEN 'i'
            WHEN (c = 'o' AND nx = 'o') OR (c = 'u' AND nx = 'u') THEN 'u'
            WHEN c = 'a' AND nx = 'a' THEN 'a'
            WHEN c IN ('a', 'o') AND nx = 'u' THEN 'o'
            WHEN c = 'y' AND nx = '' AND j > 1 THEN 'i'
            ELSE c
        END,
        CASE
            WHEN c = 'k' AND nx = 's' AND af = 'h' THEN 3
            WHEN c = 'x' THEN 1
            WHEN c IN ('s', 'p', 'b', 'd', 't', 'k', 'g', 'j', 'c') AND nx = 'h' THEN 2
            WHEN c = 'c' AND nx = 'k' THEN 2
            WHEN c IN ('q', 'z', 'w') THEN 1
            WHEN (c = 'e' AND nx = 'e') OR (c = 'i' AND nx = 'i') THEN 2
            WHEN (c = 'o' AND nx = 'o') OR (c = 'u' AND nx = 'u') THEN 2
            WHEN c = 'a' AND nx = 'a' THEN 2
            WHEN c IN ('a', 'o') AND nx = 'u' THEN 2
            ELSE 1
        END
    FROM letters;

CREATE TABLE m10_folds (
    text      TEXT NOT NULL PRIMARY KEY,
    fold      TEXT NOT NULL,
    skeleton  TEXT NOT NULL
) WITHOUT ROWID;

WITH RECURSIVE walk(text, i, out) AS (
    SELECT DISTINCT text, 1, '' FROM m10_tokens
    UNION ALL
    SELECT w.text, w.i + p.used,
        CASE
            WHEN p.piece = '' THEN w.out
            WHEN substr(w.out, -1) = substr(p.piece, 1, 1) THEN w.out || substr(p.piece, 2)
            ELSE w.out || p.piece
        END
    FROM walk w JOIN m10_pieces p ON p.text = w.text AND p.j = w.i
), walked AS (
    SELECT text, out FROM walk WHERE i > length(text)
), trimmed_h AS (
    SELECT text,
        CASE WHEN length(out) > 2 AND substr(out, -1) = 'h' AND substr(out, -2, 1) IN ('a', 'e', 'i', 'o', 'u', 'y')
            THEN substr(out, 1, length(out) - 1) ELSE out END AS out
    FROM walked
), folded AS (
    SELECT text,
        CASE WHEN length(out) >= 7 AND substr(out, -1) = 'a' AND substr(out, -2, 1) NOT IN ('a', 'e', 'i', 'o', 'u', 'y')
            THEN substr(out, 1, length(out) - 1) ELSE out END AS fold
    FROM trimmed_h
), skeleton(text, fold, k, out) AS (
    SELECT text, fold, 2, substr(fold, 1, 1) FROM folded
    UNION ALL
    SELECT text, fold, k + 1,
        CASE WHEN substr(fold, k, 1) IN ('a', 'e', 'i', 'o', 'u', 'y') OR substr(out, -1) = substr(fold, k, 1)
            THEN out ELSE out || substr(fold, k, 1) END
    FROM skeleton WHERE k <= length(fold)
)
INSERT INTO m10_folds (text, fold, skeleton)
    SELECT text, fold, out FROM skeleton WHERE k > length(fold);

-- 6. Each contact's words (the distinct folds) and codes (the first three letters of the skeletons of
-- its first four tokens that are not initials, each once), in sorted order (the tables' key order).
CREATE TABLE m10_words (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    word        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, word)
) WITHOUT ROWID;
INSERT OR IGNORE INTO m10_words (tenant_id, contact_id, word)
    SELECT t.tenant_id, t.contact_id, f.fold FROM m10_tokens t JOIN m10_folds f ON f.text = t.text;

CREATE TABLE m10_codes (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    code        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, code)
) WITHOUT ROWID;
INSERT OR IGNORE INTO m10_codes (tenant_id, contact_id, code)
    SELECT tenant_id, contact_id, substr(skeleton, 1, 3) FROM (
        SELECT t.tenant_id, t.contact_id, f.skeleton,
            ROW_NUMBER() OVER (PARTITION BY t.tenant_id, t.contact_id ORDER BY t.t) AS rank
        FROM m10_tokens t JOIN m10_folds f ON f.text = t.text
        WHERE length(t.text) > 1)
    WHERE rank <= 4 AND skeleton <> '';

UPDATE contacts SET name_words = w.words
    FROM (SELECT tenant_id, contact_id, json_group_array(word) AS words
          FROM m10_words GROUP BY tenant_id, contact_id) w
    WHERE w.tenant_id = contacts.tenant_id AND w.contact_id = contacts.id;
UPDATE contacts SET name_codes = c.codes
    FROM (SELECT tenant_id, contact_id, json_group_array(code) AS codes
          FROM m10_codes GROUP BY tenant_id, contact_id) c
    WHERE c.tenant_id = contacts.tenant_id AND c.contact_id = contacts.id;

INSERT INTO contact_name_words (tenant_id, word, contacts)
    SELECT tenant_id, word, COUNT(*) FROM m10_words GROUP BY tenant_id, word
    UNION ALL
    SELECT tenant_id, '', COUNT(*) FROM contacts GROUP BY tenant_id;

-- 7. The date of birth (fields::parse_date): the first prop by key under `dob` or `date_of_birth` (any
-- case, trimmed) that reads as a date: three parts split at - / or ., year first when the first part is
-- four characters long, else day first; each part an optional "+" and digits; year 1900-2100, month
-- 1-12, day 1-31.
CREATE TABLE m10_dob (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    dob         TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id)
) WITHOUT ROWID;

WITH dated AS (
    SELECT p.tenant_id, p.contact_id, p.key,
        replace(replace(trim(p.value, w.chars), '/', '-'), '.', '-') AS v
    FROM contact_props p, m10_ws w
    WHERE lower(trim(p.key, w.chars)) IN ('dob', 'date_of_birth')
), parts AS (
    SELECT tenant_id, contact_id, key, substr(v, 1, instr(v, '-') - 1) AS a,
        substr(v, instr(v, '-') + 1) AS rest
    FROM dated WHERE length(v) - length(replace(v, '-', '')) = 2
), ordered AS (
    SELECT tenant_id, contact_id, key, a, substr(rest, 1, instr(rest, '-') - 1) AS b,
        substr(rest, instr(rest, '-') + 1) AS c
    FROM parts
), unsigned AS (
    SELECT tenant_id, contact_id, key,
        CASE WHEN length(a) = 4 THEN a ELSE c END AS y, b AS m, CASE WHEN length(a) = 4 THEN c ELSE a END AS d
    FROM ordered
), digits AS (
    SELECT tenant_id, contact_id, key,
        CASE WHEN substr(y, 1, 1) = '+' THEN substr(y, 2) ELSE y END AS y,
        CASE WHEN substr(m, 1, 1) = '+' THEN substr(m, 2) ELSE m END AS m,
        CASE WHEN substr(d, 1, 1) = '+' THEN substr(d, 2) ELSE d END AS d
    FROM unsigned
), dates AS (
    SELECT tenant_id, contact_id, key,
        printf('%04d-%02d-%02d', CAST(y AS INTEGER), CAST(m AS INTEGER), CAST(d AS INTEGER)) AS dob
    FROM digits
    WHERE y <> '' AND m <> '' AND d <> ''
      AND y NOT GLOB '*[^0-9]*' AND m NOT GLOB '*[^0-9]*' AND d NOT GLOB '*[^0-9]*'
      AND CAST(y AS INTEGER) BETWEEN 1900 AND 2100 AND CAST(m AS INTEGER) BETWEEN 1 AND 12
      AND CAST(d AS INTEGER) BETWEEN 1 AND 31
)
INSERT INTO m10_dob (tenant_id, contact_id, dob)
    SELECT d.tenant_id, d.contact_id, d.dob FROM dates d
    WHERE d.key = (SELECT min(e.key) FROM dates e
                   WHERE e.tenant_id = d.tenant_id AND e.contact_id = d.contact_id);

-- 8. The keys (blocking::match_keys): every pair of codes (the one code of a one-word name), each code
-- with the date of birth, each code with each address's pincode (the addresses read by contact: without
-- INDEXED BY, SQLite may read them through the primary key, the tenant's whole list for each contact).
INSERT OR IGNORE INTO contact_match_keys (tenant_id, key, contact_id)
    SELECT a.tenant_id, 'n:' || a.code || '|' || b.code, a.contact_id
    FROM m10_codes a JOIN m10_codes b
        ON b.tenant_id = a.tenant_id AND b.contact_id = a.contact_id AND b.code > a.code;
INSERT OR IGNORE INTO contact_match_keys (tenant_id, key, contact_id)
    SELECT tenant_id, 'n:' || min(code), contact_id FROM m10_codes
    GROUP BY tenant_id, contact_id HAVING COUNT(*) = 1;
INSERT OR IGNORE INTO contact_match_keys (tenant_id, key, contact_id)
    SELECT c.tenant_id, 'd:' || c.code || '|' || d.dob, c.contact_id
    FROM m10_codes c JOIN m10_dob d ON d.tenant_id = c.tenant_id AND d.contact_id = c.contact_id;
INSERT OR IGNORE INTO contact_match_keys (tenant_id, key, contact_id)
    SELECT c.tenant_id, 'p:' || c.code || '|' || json_extract(a.doc, '$.pincode'), c.contact_id
    FROM m10_codes c JOIN addresses a INDEXED BY addresses_tenant_contact
        ON a.tenant_id = c.tenant_id AND a.contact_id = c.contact_id
    WHERE json_extract(a.doc, '$.pincode') IS NOT NULL;

-- 9. Identifiers of the kinds new to dedupe, by the validation crate's aliases and rules: separators
-- (White_Space, hyphens and Unicode dashes) dropped and ASCII letters upper-cased, then each kind's
-- shape and check digit (EPIC: Luhn over its 7 digits; LEI: ISO 7064 MOD 97-10; VID: not starting
-- with 0 or 1, not a palindrome, Verhoeff); LLPIN and Udyam written back with their hyphens.
CREATE TABLE m10_ids (
    tenant_id   TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    key         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    s           TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, key)
) WITHOUT ROWID;

WITH aliased AS (
    SELECT p.tenant_id, p.contact_id, p.key, p.value,
        CASE lower(trim(p.key, w.chars))
            WHEN 'vid' THEN 'vid' WHEN 'aadhaar_vid' THEN 'vid' WHEN 'virtual_id' THEN 'vid'
            WHEN 'epic' THEN 'epic' WHEN 'epic_no' THEN 'epic' WHEN 'voter_id' THEN 'epic'
            WHEN 'ckyc' THEN 'ckyc' WHEN 'ckyc_no' THEN 'ckyc' WHEN 'ckyc_number' THEN 'ckyc'
            WHEN 'cin' THEN 'cin' WHEN 'cin_no' THEN 'cin'
            WHEN 'llpin' THEN 'llpin' WHEN 'llpin_no' THEN 'llpin'
            WHEN 'udyam' THEN 'udyam' WHEN 'udyam_no' THEN 'udyam' WHEN 'udyam_number' THEN 'udyam'
            WHEN 'lei' THEN 'lei' WHEN 'lei_code' THEN 'lei'
            WHEN 'passport' THEN 'passport' WHEN 'passport_no' THEN 'passport' WHEN 'passport_number' THEN 'passport'
        END AS kind
    FROM contact_props p, m10_ws w
), dashless AS (
    SELECT tenant_id, contact_id, key, kind,
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
            value, '-', ''), char(8208), ''), char(8209), ''), char(8210), ''), char(8211), ''), char(8212), ''),
            char(8213), ''), char(8722), ''), char(65123), ''), char(65293), '') AS s
    FROM aliased WHERE kind IS NOT NULL
), spaceless_1 AS (
    SELECT tenant_id, contact_id, key, kind,
        replace(replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(9), ''), char(10), ''), char(11), ''), char(12), ''), char(13), ''), char(32), ''),
            char(133), ''), char(160), ''), char(5760), '') AS s
    FROM dashless
), spaceless_2 AS (
    SELECT tenant_id, contact_id, key, kind,
        replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(8192), ''), char(8193), ''), char(8194), ''), char(8195), ''), char(8196), ''),
            char(8197), ''), char(8198), ''), char(8199), '') AS s
    FROM spaceless_1
)
INSERT INTO m10_ids (tenant_id, contact_id, key, kind, s)
    SELECT tenant_id, contact_id, key, kind,
        upper(replace(replace(replace(replace(replace(replace(replace(replace(
            s, char(8200), ''), char(8201), ''), char(8202), ''), char(8232), ''), char(8233), ''),
            char(8239), ''), char(8287), ''), char(12288), ''))
    FROM spaceless_2;

-- Shapes, position by position. (D1 refuses a GLOB pattern over 50 bytes, so a long shape is its
-- length and short classes over its pieces: `x NOT GLOB '*[^0-9]*'` is "x is all digits".)
DELETE FROM m10_ids WHERE NOT CASE kind
    WHEN 'ckyc' THEN length(s) = 14 AND s NOT GLOB '*[^0-9]*'
    WHEN 'cin' THEN length(s) = 21 AND substr(s, 1, 1) IN ('L', 'U') AND substr(s, 2, 5) NOT GLOB '*[^0-9]*'
        AND substr(s, 7, 2) NOT GLOB '*[^A-Z]*' AND substr(s, 9, 4) NOT GLOB '*[^0-9]*' AND substr(s, 16, 6) NOT GLOB '*[^0-9]*'
        AND substr(s, 13, 3) IN ('PLC', 'PTC', 'OPC', 'NPL', 'FTC', 'FLC', 'GAP', 'GAT', 'GOI', 'SGC', 'ULL', 'ULT')
    WHEN 'llpin' THEN s GLOB '[A-Z][A-Z][A-Z][0-9][0-9][0-9][0-9]'
    WHEN 'udyam' THEN length(s) = 16 AND substr(s, 1, 5) = 'UDYAM' AND substr(s, 6, 2) NOT GLOB '*[^A-Z]*'
        AND substr(s, 8) NOT GLOB '*[^0-9]*'
    WHEN 'passport' THEN s GLOB '[A-Z][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
    WHEN 'epic' THEN length(s) = 10 AND substr(s, 1, 3) NOT GLOB '*[^A-Z]*' AND substr(s, 4) NOT GLOB '*[^0-9]*'
    WHEN 'lei' THEN length(s) = 20 AND s NOT GLOB '*[^A-Z0-9]*' AND substr(s, 19) NOT GLOB '*[^0-9]*'
    WHEN 'vid' THEN length(s) = 16 AND s NOT GLOB '*[^0-9]*' AND substr(s, 1, 1) <> '0' AND substr(s, 1, 1) <> '1'
        AND NOT (substr(s, 1, 1) = substr(s, 16, 1) AND substr(s, 2, 1) = substr(s, 15, 1)
             AND substr(s, 3, 1) = substr(s, 14, 1) AND substr(s, 4, 1) = substr(s, 13, 1)
             AND substr(s, 5, 1) = substr(s, 12, 1) AND substr(s, 6, 1) = substr(s, 11, 1)
             AND substr(s, 7, 1) = substr(s, 10, 1) AND substr(s, 8, 1) = substr(s, 9, 1))
    ELSE 0 END;

-- EPIC: from the right, every second digit doubled (less 9 above 9); the sum a multiple of 10.
DELETE FROM m10_ids WHERE kind = 'epic' AND (
    CAST(substr(s, 4, 1) AS INTEGER) + CAST(substr(s, 6, 1) AS INTEGER) + CAST(substr(s, 8, 1) AS INTEGER)
    + CAST(substr(s, 10, 1) AS INTEGER)
    + (2 * CAST(substr(s, 5, 1) AS INTEGER)) - 9 * (2 * CAST(substr(s, 5, 1) AS INTEGER) > 9)
    + (2 * CAST(substr(s, 7, 1) AS INTEGER)) - 9 * (2 * CAST(substr(s, 7, 1) AS INTEGER) > 9)
    + (2 * CAST(substr(s, 9, 1) AS INTEGER)) - 9 * (2 * CAST(substr(s, 9, 1) AS INTEGER) > 9)) % 10 <> 0;

-- LEI: letters read as 10-35; the number they spell leaves 1 when divided by 97.
WITH RECURSIVE mod97(tenant_id, contact_id, key, s, k, r) AS (
    SELECT tenant_id, contact_id, key, s, 1, 0 FROM m10_ids WHERE kind = 'lei'
    UNION ALL
    SELECT tenant_id, contact_id, key, s, k + 1,
        CASE WHEN substr(s, k, 1) GLOB '[0-9]' THEN (r * 10 + CAST(substr(s, k, 1) AS INTEGER)) % 97
            ELSE (r * 100 + unicode(substr(s, k, 1)) - 55) % 97 END
    FROM mod97 WHERE k <= 20
)
DELETE FROM m10_ids WHERE kind = 'lei' AND (tenant_id, contact_id, key) NOT IN
    (SELECT tenant_id, contact_id, key FROM mod97 WHERE k = 21 AND r = 1);

-- VID: Verhoeff, the digits from the right through the dihedral group's table (d) and the position's
-- permutation (p, position mod 8), each table's rows written one after the other.
WITH RECURSIVE verhoeff(tenant_id, contact_id, key, s, i, c) AS (
    SELECT tenant_id, contact_id, key, s, 0, 0 FROM m10_ids WHERE kind = 'vid'
    UNION ALL
    SELECT tenant_id, contact_id, key, s, i + 1,
        CAST(substr('0123456789123406789523401789563401289567401239567859876043216598710432765982104387659321049876543210',
            c * 10 + CAST(substr('01234567891576283094580379614289160435279453126870428657390127938064157046913258',
                (i % 8) * 10 + CAST(substr(s, 16 - i, 1) AS INTEGER) + 1, 1) AS INTEGER) + 1, 1) AS INTEGER)
    FROM verhoeff WHERE i < 16
)
DELETE FROM m10_ids WHERE kind = 'vid' AND (tenant_id, contact_id, key) NOT IN
    (SELECT tenant_id, contact_id, key FROM verhoeff WHERE i = 16 AND c = 0);

INSERT OR IGNORE INTO contact_identifiers (tenant_id, kind, value, contact_id, prop_key)
    SELECT tenant_id, kind,
        CASE kind
            WHEN 'llpin' THEN substr(s, 1, 3) || '-' || substr(s, 4)
            WHEN 'udyam' THEN 'UDYAM-' || substr(s, 6, 2) || '-' || substr(s, 8, 2) || '-' || substr(s, 10)
            ELSE s END,
        contact_id, key
    FROM m10_ids;

-- The PAN inside a GSTIN (identifiers::embedded_pan): characters 3-12 of a regular (Z), tax collector
-- (C) or deductor (D) GSTIN whose characters 3-12 have a PAN's shape. The GSTINs indexed are valid, so
-- such a PAN is too.
INSERT OR IGNORE INTO contact_identifiers (tenant_id, kind, value, contact_id, prop_key)
    SELECT tenant_id, 'pan', substr(value, 3, 10), contact_id, prop_key FROM contact_identifiers
    WHERE kind = 'gstin' AND substr(value, 14, 1) IN ('Z', 'C', 'D')
      AND substr(value, 3, 5) NOT GLOB '*[^A-Z]*' AND substr(value, 8, 4) NOT GLOB '*[^0-9]*' AND substr(value, 12, 1) NOT GLOB '*[^A-Z]*';

DROP TABLE m10_ids;
DROP TABLE m10_dob;
DROP TABLE m10_codes;
DROP TABLE m10_words;
DROP TABLE m10_folds;
DROP TABLE m10_pieces;
DROP TABLE m10_letters;
DROP TABLE m10_tokens;
DROP TABLE m10_core;
DROP TABLE m10_raw;
DROP TABLE m10_ws;
DROP TABLE contact_name_blocks;
