//! Bulk writes with `COPY … FROM STDIN (FORMAT binary)`, the fastest way
//! PostgreSQL takes rows: no statement to parse per row, no text to cast.
//! Tenant tables have row-level security, which `COPY FROM` does not
//! support, so rows are copied into a temporary staging table (one per
//! connection, emptied at commit) and moved into the table by one prepared
//! `INSERT … SELECT`, under the same policies as any insert and in the
//! caller's transaction.

use super::conn::{PgTx, exec_err};
use crate::entities::cdrs;
use chrono::{DateTime, Utc};
use sea_orm::DbErr;
use sea_orm::sqlx::{self, PgConnection};
use uuid::Uuid;

/// Rows in PostgreSQL's binary `COPY` format.
pub(crate) struct BinaryRows {
    buf: Vec<u8>,
}

/// Microseconds from the Unix epoch to PostgreSQL's (2000-01-01).
const PG_EPOCH_MICROS: i64 = 946_684_800_000_000;

impl BinaryRows {
    /// The header; `bytes` is a guess of the size.
    pub(crate) fn new(bytes: usize) -> Self {
        let mut buf = Vec::with_capacity(bytes + 19);
        buf.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
        buf.extend_from_slice(&0i32.to_be_bytes()); // flags
        buf.extend_from_slice(&0i32.to_be_bytes()); // header extension
        Self { buf }
    }

    /// Starts a row of `fields` values.
    pub(crate) fn row(&mut self, fields: i16) {
        self.buf.extend_from_slice(&fields.to_be_bytes());
    }

    fn length(&mut self, n: usize) {
        // Values are bounded far below 2 GiB (a batch body is 32 MiB).
        self.buf
            .extend_from_slice(&i32::try_from(n).unwrap_or(i32::MAX).to_be_bytes());
    }

    /// A NULL.
    pub(crate) fn null(&mut self) {
        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
    }

    /// A `uuid`.
    pub(crate) fn uuid(&mut self, u: Uuid) {
        self.length(16);
        self.buf.extend_from_slice(u.as_bytes());
    }

    /// A `uuid` or NULL.
    pub(crate) fn opt_uuid(&mut self, u: Option<Uuid>) {
        match u {
            Some(u) => self.uuid(u),
            None => self.null(),
        }
    }

    /// A `text`.
    pub(crate) fn text(&mut self, s: &str) {
        self.length(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// A `text`, NULL when absent or empty (as the `UNNEST` inserts did).
    pub(crate) fn opt_text(&mut self, s: Option<&str>) {
        match s.filter(|s| !s.is_empty()) {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    /// An `int8`.
    pub(crate) fn int8(&mut self, v: i64) {
        self.length(8);
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// A `bool`.
    pub(crate) fn bool(&mut self, v: bool) {
        self.length(1);
        self.buf.push(u8::from(v));
    }

    /// A `timestamptz`: microseconds since 2000-01-01 UTC, rounded half to
    /// even as PostgreSQL rounds a text timestamp with more digits.
    pub(crate) fn timestamptz(&mut self, t: DateTime<Utc>) {
        let nanos = i64::from(t.timestamp_subsec_nanos());
        let (mut micros, rest) = (nanos / 1_000, nanos % 1_000);
        if rest > 500 || (rest == 500 && micros % 2 == 1) {
            micros += 1;
        }
        self.int8(t.timestamp() * 1_000_000 + micros - PG_EPOCH_MICROS);
    }

    /// The rows with the trailer, ready to send.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.buf.extend_from_slice(&(-1i16).to_be_bytes());
        self.buf
    }
}

/// Sends `data` (binary rows) with `copy` (a `COPY … FROM STDIN` statement).
pub(crate) async fn copy_in(
    conn: &mut PgConnection,
    copy: &str,
    data: Vec<u8>,
) -> Result<u64, DbErr> {
    let mut sink = conn.copy_in_raw(copy).await.map_err(exec_err)?;
    if let Err(e) = sink.send(data).await {
        // Ends the COPY so the connection stays usable for the rollback.
        let _ = sink.abort(e.to_string()).await;
        return Err(exec_err(e));
    }
    sink.finish().await.map_err(exec_err)
}

/// The staging table of [`insert_cdrs`] (this connection's, empty outside
/// a transaction that fills it); created quietly (no "already exists"
/// notice logged for every batch).
const CDR_STAGE: &str = "SET LOCAL client_min_messages = warning; \
    CREATE TEMP TABLE IF NOT EXISTS cdr_stage (id uuid, call_id text, \
    account_id uuid, service_id uuid, service_kind text, identifier text, destination text, \
    start_time timestamptz, duration_secs int8, media text, status text, reason text, prefix text, \
    billable_secs int8, covered_secs int8, charge text, created_at timestamptz, late bool, \
    journal_id uuid, reason_detail text) ON COMMIT DELETE ROWS; \
    RESET client_min_messages";

const CDR_COLUMNS: &str = "id, call_id, account_id, service_id, service_kind, identifier, \
    destination, start_time, duration_secs, media, status, reason, prefix, billable_secs, \
    covered_secs, charge, created_at, late, journal_id, reason_detail";

/// Stores CDRs of `tenant` (their own `tenant_id` is ignored): `COPY` into
/// the staging table, then one `INSERT … SELECT`. A `call_id` stored by a
/// concurrent batch fails the insert as a unique violation, as before.
pub(crate) async fn insert_cdrs(
    tx: &mut PgTx,
    tenant: Uuid,
    rows: &[cdrs::Model],
) -> Result<(), DbErr> {
    let conn: &mut PgConnection = tx;
    sqlx::raw_sql(CDR_STAGE)
        .execute(&mut *conn)
        .await
        .map_err(exec_err)?;
    let mut out = BinaryRows::new(rows.len() * 256);
    for r in rows {
        out.row(20);
        out.uuid(r.id);
        out.text(&r.call_id);
        out.opt_uuid(r.account_id.map(Into::into));
        out.opt_uuid(r.service_id.map(Into::into));
        out.text(r.service_kind.as_str());
        out.text(&r.identifier);
        out.text(&r.destination);
        out.timestamptz(r.start_time);
        out.int8(r.duration_secs);
        out.text(&r.media);
        out.text(r.status.as_str());
        out.opt_text(r.reason.as_deref());
        out.opt_text(r.prefix.as_deref());
        out.int8(r.billable_secs);
        out.int8(r.covered_secs);
        out.text(&r.charge.0.to_string());
        out.timestamptz(r.created_at);
        out.bool(r.late);
        out.opt_uuid(r.journal_id);
        out.opt_text(r.reason_detail.as_deref());
    }
    let copy = format!("COPY cdr_stage ({CDR_COLUMNS}) FROM STDIN (FORMAT binary)");
    copy_in(conn, &copy, out.finish()).await?;
    let insert = "INSERT INTO cdrs (tenant_id, id, call_id, account_id, service_id, service_kind, \
        identifier, destination, start_time, duration_secs, media, status, reason, prefix, \
        billable_secs, covered_secs, charge, created_at, late, journal_id, reason_detail) \
        SELECT $1, id, call_id, account_id, service_id, service_kind, identifier, destination, \
        start_time, duration_secs, media, status, reason, prefix, billable_secs, covered_secs, \
        charge::numeric, created_at, late, journal_id, reason_detail FROM cdr_stage";
    sqlx::query(insert)
        .bind(tenant)
        .execute(&mut *conn)
        .await
        .map_err(exec_err)?;
    // Emptied now too, should the transaction go on to stage more.
    sqlx::raw_sql("TRUNCATE cdr_stage")
        .execute(&mut *conn)
        .await
        .map_err(exec_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_rows_frame_values() {
        let mut b = BinaryRows::new(0);
        b.row(2);
        b.int8(1);
        b.opt_text(Some(""));
        let bytes = b.finish();
        assert_eq!(&bytes[..11], b"PGCOPY\n\xff\r\n\0");
        assert_eq!(&bytes[19..21], &2i16.to_be_bytes());
        assert_eq!(&bytes[21..25], &8i32.to_be_bytes());
        assert_eq!(&bytes[25..33], &1i64.to_be_bytes());
        assert_eq!(&bytes[33..37], &(-1i32).to_be_bytes(), "empty text is NULL");
        assert_eq!(&bytes[37..], &(-1i16).to_be_bytes());
    }

    #[test]
    fn timestamps_count_from_2000_in_microseconds() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc));
        let micros = |t: DateTime<Utc>| {
            let mut b = BinaryRows::new(0);
            b.timestamptz(t);
            let bytes = b.finish();
            let mut v = [0u8; 8];
            v.copy_from_slice(&bytes[23..31]);
            i64::from_be_bytes(v)
        };
        assert_eq!(at("2000-01-01T00:00:00Z").map(micros), Ok(0));
        assert_eq!(
            at("2000-01-01T00:00:01.0000015Z").map(micros),
            Ok(1_000_002)
        );
        assert_eq!(
            at("2000-01-01T00:00:01.0000025Z").map(micros),
            Ok(1_000_002)
        );
        assert_eq!(at("1999-12-31T23:59:59Z").map(micros), Ok(-1_000_000));
    }
}
