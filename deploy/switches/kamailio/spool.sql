-- The CDR spool of kamailio.cfg (SQLite). Create it once, before starting
-- Kamailio, as the user Kamailio runs as:
--   sqlite3 /var/lib/kamailio/ringledger-spool.sqlite < spool.sql
-- One row per ended call: `record` is the CDR as Ringledger's JSON,
-- `failed` = 1 marks records Ringledger refused as malformed (kept for a
-- human; never retried automatically).
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS cdr_spool (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id TEXT    NOT NULL,
  record  TEXT    NOT NULL,
  failed  INTEGER NOT NULL DEFAULT 0
);
