//! The audit trail: who changed what, when, from where. A use case records
//! an [`Event`] in the same transaction as the change it describes, so the
//! two commit or roll back together; the chain itself (numbering, hashes,
//! the append-only table) is `ringledger_db::repo::Audit`'s.
//!
//! What is recorded: every change to money (balances, payments, refunds,
//! charges, credit notes), prices (decks, plans, bundles, markups),
//! permissions (team, roles, keys), settings, and every sign-in, successful
//! or not. Changes are `{field: {"from": …, "to": …}}`; a field whose name
//! suggests a secret is recorded as `"[redacted]"`, never its value.

use crate::auth::principal::{Origin, StaffPrincipal};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use ringledger_db::repo::{NewEvent, TenantTx};
use ringledger_shared::ids::{SellerId, TenantId};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

/// Who acted.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A staff member, or an API key (the principal says which).
    Staff(StaffPrincipal),
    /// A staff member known by id (signing in, not yet a principal).
    Member {
        /// The user.
        id: Uuid,
        /// Their e-mail.
        email: String,
    },
    /// A customer, signed in or signing in.
    Customer {
        /// The customer.
        id: Uuid,
        /// Their e-mail.
        email: String,
    },
    /// A switch presenting a switch key.
    SwitchKey(Uuid),
    /// The platform's own jobs (bill runs, auto top-ups).
    Scheduler,
    /// A platform administrator.
    Admin {
        /// The admin.
        id: Uuid,
        /// Their e-mail.
        email: String,
    },
    /// Someone not signed in (a failed sign-in names the e-mail tried).
    Anonymous(String),
}

/// What happened.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// E.g. `balance.adjusted`, `auth.login_failed`.
    pub action: String,
    /// E.g. `account`, `user`, `plan`.
    pub object_type: String,
    /// The object's id.
    pub object_id: Option<String>,
    /// The customer it concerns.
    pub customer_id: Option<Uuid>,
    /// The seller it belongs to (default: the staff member's).
    pub seller_id: Option<Uuid>,
    /// The changed fields.
    pub changes: Changes,
}

impl Event {
    /// `action` on the object `object_type` `object_id`.
    pub fn new(action: &str, object_type: &str, object_id: impl ToString) -> Self {
        Event {
            action: action.to_owned(),
            object_type: object_type.to_owned(),
            object_id: Some(object_id.to_string()).filter(|s| !s.is_empty()),
            ..Event::default()
        }
    }

    /// Concerning customer `id`.
    pub fn customer(mut self, id: impl Into<Uuid>) -> Self {
        self.customer_id = Some(id.into());
        self
    }

    /// Belonging to seller `id`.
    pub fn seller(mut self, id: Uuid) -> Self {
        self.seller_id = Some(id);
        self
    }

    /// With these changes.
    pub fn changes(mut self, changes: Changes) -> Self {
        self.changes = changes;
        self
    }
}

/// Changed fields: `{field: {"from": …, "to": …}}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes(Map<String, Value>);

/// Whether a field's name says it holds a secret.
fn secret(field: &str) -> bool {
    let f = field.to_ascii_lowercase();
    ["password", "secret", "token", "key", "pin", "totp", "hash"]
        .iter()
        .any(|s| f.contains(s))
        && !f.ends_with("_id")
        && !f.ends_with("last4")
        && !f.contains("length")
}

fn redacted(field: &str, v: Value) -> Value {
    if secret(field) && !v.is_null() {
        Value::String("[redacted]".into())
    } else {
        v
    }
}

impl Changes {
    /// No change recorded.
    pub fn none() -> Self {
        Changes::default()
    }

    /// `field` went from `from` to `to`.
    pub fn set(mut self, field: &str, from: impl Serialize, to: impl Serialize) -> Self {
        let from = redacted(field, serde_json::to_value(from).unwrap_or(Value::Null));
        let to = redacted(field, serde_json::to_value(to).unwrap_or(Value::Null));
        self.0.insert(
            field.to_owned(),
            serde_json::json!({"from": from, "to": to}),
        );
        self
    }

    /// `field` is now `to` (a creation, or a value without a before).
    pub fn to(mut self, field: &str, to: impl Serialize) -> Self {
        let to = redacted(field, serde_json::to_value(to).unwrap_or(Value::Null));
        self.0
            .insert(field.to_owned(), serde_json::json!({"to": to}));
        self
    }

    /// Every field of `value` (an object) as created.
    pub fn created(value: &impl Serialize) -> Self {
        let mut out = Changes::none();
        if let Ok(Value::Object(m)) = serde_json::to_value(value) {
            for (k, v) in m {
                out = out.to(&k, v);
            }
        }
        out
    }

    /// The top-level fields of two serialisations of one object that differ.
    pub fn diff(before: &impl Serialize, after: &impl Serialize) -> Self {
        let (Ok(Value::Object(b)), Ok(Value::Object(a))) =
            (serde_json::to_value(before), serde_json::to_value(after))
        else {
            return Changes::none();
        };
        let mut out = Changes::none();
        for (k, to) in &a {
            let from = b.get(k).cloned().unwrap_or(Value::Null);
            if &from != to {
                out = out.set(k, from, to.clone());
            }
        }
        out
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The JSON text stored.
    pub fn to_json(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }
}

/// Appends `event` by `actor` from `origin` to the tenant's chain, in `tx`.
pub async fn record(
    tx: &TenantTx,
    actor: &Actor,
    origin: Origin,
    event: Event,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (kind, id, label, seller) = match actor {
        Actor::Staff(s) => match s.api_key {
            Some(key) => {
                let name = tx.team().api_key(key).await?.map(|k| k.name);
                let label = format!("API key {}", name.unwrap_or_default());
                ("api_key", Some(key), label, Some(s.seller_id))
            }
            None => {
                let label = crate::usecases::actor(tx, s).await?;
                ("staff", Some(s.user_id.as_uuid()), label, Some(s.seller_id))
            }
        },
        Actor::Member { id, email } => ("staff", Some(*id), email.clone(), None),
        Actor::Customer { id, email } => ("customer", Some(*id), email.clone(), None),
        Actor::SwitchKey(k) => ("switch_key", Some(*k), "switch".to_owned(), None),
        Actor::Scheduler => ("scheduler", None, "scheduler".to_owned(), None),
        Actor::Admin { id, email } => ("admin", Some(*id), email.clone(), None),
        Actor::Anonymous(who) => ("anonymous", None, who.clone(), None),
    };
    let mut label = label;
    label.truncate(254);
    tx.audit()
        .append(NewEvent {
            at: now,
            actor_kind: kind,
            actor_id: id,
            actor_label: label,
            seller_id: event.seller_id.or(seller.map(|s: SellerId| s.as_uuid())),
            customer_id: event.customer_id,
            action: event.action,
            object_type: event.object_type,
            object_id: event.object_id,
            changes: event.changes.to_json(),
            ip: origin.ip.map(|ip| ip.to_string()),
            request_id: origin.request_id.map(|r| r.to_string()),
        })
        .await?;
    Ok(())
}

/// Records a sign-in attempt on a seller's site (`auth.login_succeeded`,
/// `auth.login_failed`, `auth.login_throttled`…) in a transaction of its
/// own: the attempt is the event, whatever else happened. Quiet: no cache
/// reads the audit log.
pub async fn sign_in(
    repos: &ringledger_db::repo::Repos,
    site: &crate::site::SellerSite,
    actor: Actor,
    action: &str,
    origin: Origin,
) -> AppResult<()> {
    let tx = repos.tenant_quiet(site.tenant_id).await?;
    let event = Event::new(action, "session", "").seller(site.seller_id.as_uuid());
    record(&tx, &actor, origin, event, origin.at).await?;
    tx.commit().await?;
    Ok(())
}

/// The chain of the platform itself (platform admins' sign-ins), kept in
/// `audit_events` under the nil tenant id.
pub const PLATFORM_CHAIN: TenantId = TenantId(Uuid::nil());

/// Records a platform admin's sign-in attempt in [`PLATFORM_CHAIN`], in a
/// transaction of its own (like [`sign_in`]).
pub async fn admin_sign_in(
    repos: &ringledger_db::repo::Repos,
    actor: Actor,
    action: &str,
    origin: Origin,
) -> AppResult<()> {
    let tx = repos.tenant_quiet(PLATFORM_CHAIN).await?;
    record(
        &tx,
        &actor,
        origin,
        Event::new(action, "session", ""),
        origin.at,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// [`record`] for a staff member's (or API key's) request, at the time
/// the request arrived.
pub async fn by_staff(tx: &TenantTx, staff: &StaffPrincipal, event: Event) -> AppResult<()> {
    let at = staff.origin.at;
    record(tx, &Actor::Staff(*staff), staff.origin, event, at).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_never_recorded() {
        let c = Changes::none()
            .set("password_hash", "a", "b")
            .to("secret_key", "sk_live_x")
            .to("pin_length", 4)
            .to("seller_id", "x");
        let text = c.to_json();
        assert!(
            !text.contains("sk_live_x") && !text.contains("\"a\""),
            "{text}"
        );
        assert!(text.contains("[redacted]") && text.contains("pin_length"));
    }

    #[test]
    fn a_diff_names_only_what_changed() {
        let before = serde_json::json!({"markup": "10", "name": "A"});
        let after = serde_json::json!({"markup": "12", "name": "A"});
        let c = Changes::diff(&before, &after);
        assert_eq!(c.to_json(), r#"{"markup":{"from":"10","to":"12"}}"#);
    }
}
