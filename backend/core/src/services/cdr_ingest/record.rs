//! A CDR as posted: the shape checks, the stored row, the masked PIN.

use super::*;

/// A record that passed the shape checks.
pub(super) struct Parsed {
    pub(super) rec: CdrRecord,
    pub(super) kind: ServiceKind,
    pub(super) start: DateTime<Utc>,
}

pub(super) fn shape(rec: CdrRecord) -> Result<Parsed, RejectedCdr> {
    let reject = |code: RejectCode| RejectedCdr {
        call_id: rec.call_id.clone(),
        code,
        detail: None,
    };
    if rec.call_id.trim().is_empty() || rec.call_id.len() > 128 {
        return Err(reject(RejectCode::InvalidCallId));
    }
    let kind =
        ServiceKind::parse(&rec.service).ok_or_else(|| reject(RejectCode::InvalidService))?;
    let given = [&rec.pin, &rec.ani, &rec.sip_username]
        .iter()
        .filter(|x| x.is_some())
        .count();
    if given != 1 {
        return Err(reject(RejectCode::InvalidIdentifier));
    }
    let start = DateTime::parse_from_rfc3339(rec.start_time.trim())
        .map_err(|_| reject(RejectCode::InvalidStartTime))?
        .with_timezone(&Utc);
    Ok(Parsed { rec, kind, start })
}

/// The stored form of a record, as rejected until rated.
pub(super) fn cdr_row(tenant: TenantId, id: Uuid, p: &Parsed, now: DateTime<Utc>) -> cdrs::Model {
    let identifier = p
        .rec
        .pin
        .as_deref()
        .or(p.rec.ani.as_deref())
        .or(p.rec.sip_username.as_deref())
        .unwrap_or_default();
    let masked = if p.rec.pin.is_some() {
        mask(identifier)
    } else {
        identifier.to_owned()
    };
    cdrs::Model {
        tenant_id: tenant.as_uuid(),
        id,
        call_id: p.rec.call_id.clone(),
        account_id: None,
        service_id: None,
        service_kind: p.kind,
        identifier: masked.chars().take(64).collect(),
        destination: p.rec.destination.chars().take(64).collect(),
        start_time: p.start,
        duration_secs: p.rec.duration_secs,
        media: p
            .rec
            .media
            .clone()
            .unwrap_or_else(|| "audio".into())
            .chars()
            .take(8)
            .collect(),
        status: CdrStatus::Rated,
        reason: None,
        prefix: None,
        billable_secs: 0,
        covered_secs: 0,
        charge: DbDecimal(Decimal::ZERO),
        created_at: now,
        late: false,
        invoice_id: None,
        journal_id: None,
        reason_detail: None,
    }
}

/// A PIN is never stored in the clear in a CDR: only its last 4 digits.
fn mask(pin: &str) -> String {
    let chars: Vec<char> = pin.chars().collect();
    let hidden = chars.len().saturating_sub(4);
    let shown: String = chars[hidden..].iter().collect();
    format!("{}{shown}", "*".repeat(hidden.min(16)))
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn pins_are_masked() {
        assert_eq!(mask("1234567890"), "******7890");
        assert_eq!(mask("12"), "12");
        assert_eq!(mask("ééééé"), "*éééé", "never cut inside a character");
    }
}
