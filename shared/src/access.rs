//! Who may do what: the permissions a route needs, the roles of a seller's
//! staff and the scopes of an API key, as one matrix.
//!
//! Every route of [`crate::api::routes`] names its [`Access`]; the server's
//! staff extractor refuses a principal whose [`Grants`] lack the route's
//! [`Permission`] (`403 permission_denied`), and the console hides what the
//! signed-in role cannot do from the same grants (`MeView.permissions`).
//! `docs/ROLES.md` prints the matrix ([`matrix_markdown`]; a test keeps the
//! two equal).

use crate::status::StaffRole;
use serde::{Deserialize, Serialize};

macro_rules! permissions {
    ($( $(#[$doc:meta])* $variant:ident = $text:tt : $label:literal; )+) => {
        /// One power a route may need.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum Permission {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )+
        }

        impl Permission {
            /// Every permission, in matrix order.
            pub const ALL: &'static [Permission] = &[$(Permission::$variant),+];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self { $(Permission::$variant => $text,)+ }
            }

            /// What it lets one do, in the console's words.
            pub fn label(self) -> &'static str {
                match self { $(Permission::$variant => $label,)+ }
            }
        }
    };
}

permissions! {
    /// Look at customers, services, calls, invoices, payments, the catalog,
    /// resellers and settings.
    Read = "read": "See customers, calls, invoices, catalog and settings";
    /// Look at the books, the reports and the wholesale account.
    ReadFinance = "read_finance": "See the books, reports and wholesale";
    /// Create, suspend, reactivate and close customers; cancel services.
    ManageCustomers = "manage_customers": "Create and change customers and services";
    /// Generate card batches and export their PINs.
    Cards = "cards": "Generate and export card batches";
    /// Move money: adjustments, payments by hand, refunds, one-off charges,
    /// credit notes.
    Money = "money": "Adjust balances, record payments, refund, charge, credit";
    /// Start bill runs and re-rate calls.
    BillRuns = "bill_runs": "Run bills and re-rate calls";
    /// Rate decks, plans, bundles, destination groups and a reseller's pricing.
    Catalog = "catalog": "Change rate decks, plans, bundles and pricing";
    /// Create and change resellers and their rules.
    Resellers = "resellers": "Create and change resellers";
    /// Account, billing and brand settings.
    Settings = "settings": "Change account, billing and brand settings";
    /// The seller's Stripe account and the operator's Ringledger plan.
    PaymentSettings = "payment_settings": "Connect Stripe and pay for Ringledger";
    /// Switch keys and outbound webhooks.
    Integrations = "integrations": "Manage switch keys and webhooks";
    /// API keys for the seller's own systems.
    ApiKeys = "api_keys": "Create and revoke API keys";
    /// Invite, change and deactivate team members.
    Team = "team": "Invite and manage the team";
    /// Require two-factor sign-in of the whole team.
    TeamSecurity = "team_security": "Require two-factor sign-in of the team";
    /// Read the audit log.
    Audit = "audit": "See the activity log";
    /// One's own login: profile, password, two-factor, sessions.
    Own = "own": "Manage one's own login";
}

/// A set of [`Permission`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Grants(u32);

impl Grants {
    /// No permission.
    pub const NONE: Grants = Grants(0);

    /// The set of `perms`.
    pub const fn of(perms: &[Permission]) -> Grants {
        let mut bits = 0u32;
        let mut i = 0;
        while i < perms.len() {
            bits |= 1 << perms[i] as u32;
            i += 1;
        }
        Grants(bits)
    }

    /// Every permission.
    pub const fn all() -> Grants {
        Grants::of(Permission::ALL)
    }

    /// Whether the set holds `p`.
    pub const fn allows(self, p: Permission) -> bool {
        self.0 & (1 << p as u32) != 0
    }

    /// The permissions held, in matrix order.
    pub fn list(self) -> Vec<Permission> {
        Permission::ALL
            .iter()
            .copied()
            .filter(|p| self.allows(*p))
            .collect()
    }

    /// The permissions held by both.
    pub const fn and(self, other: Grants) -> Grants {
        Grants(self.0 & other.0)
    }

    /// Whether every permission of `other` is in this set.
    pub const fn covers(self, other: Grants) -> bool {
        other.0 & !self.0 == 0
    }
}

use Permission as P;

impl StaffRole {
    /// What the role may do.
    pub const fn grants(self) -> Grants {
        match self {
            StaffRole::Owner => Grants::all(),
            StaffRole::Admin => Grants::of(&[
                P::Read,
                P::ReadFinance,
                P::ManageCustomers,
                P::Cards,
                P::Money,
                P::BillRuns,
                P::Catalog,
                P::Resellers,
                P::Settings,
                P::Integrations,
                P::Team,
                P::Audit,
                P::Own,
            ]),
            StaffRole::Billing => {
                Grants::of(&[P::Read, P::ReadFinance, P::Money, P::BillRuns, P::Own])
            }
            StaffRole::Support => Grants::of(&[P::Read, P::ManageCustomers, P::Cards, P::Own]),
            StaffRole::ReadOnly => Grants::of(&[P::Read, P::ReadFinance, P::Audit, P::Own]),
        }
    }

    /// The role's name in the console.
    pub fn label(self) -> &'static str {
        match self {
            StaffRole::Owner => "Owner",
            StaffRole::Admin => "Admin",
            StaffRole::Billing => "Billing",
            StaffRole::Support => "Support",
            StaffRole::ReadOnly => "Read only",
        }
    }
}

crate::status::text_enum! {
    /// What an API key may do: the permissions of the staff role it stands
    /// for, without one's own login.
    pub enum ApiKeyScope {
        /// Reads everything a read-only member sees.
        ReadOnly = "read_only",
        /// Billing's powers: invoices, bill runs, payments, refunds, reports.
        Billing = "billing",
        /// Reads, and changes the catalog.
        Catalog = "catalog",
        /// Reads, and manages customers, services and card batches.
        Customers = "customers",
    }
}

impl ApiKeyScope {
    /// What a key of this scope may do.
    pub const fn grants(self) -> Grants {
        match self {
            ApiKeyScope::ReadOnly => Grants::of(&[P::Read, P::ReadFinance]),
            ApiKeyScope::Billing => Grants::of(&[P::Read, P::ReadFinance, P::Money, P::BillRuns]),
            ApiKeyScope::Catalog => Grants::of(&[P::Read, P::Catalog]),
            ApiKeyScope::Customers => Grants::of(&[P::Read, P::ManageCustomers, P::Cards]),
        }
    }
}

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Anyone (it checks its own proof, if any: a signature, a link's
    /// token, a password, the metrics token).
    Public,
    /// A switch presenting a switch key.
    Switch,
    /// A signed-in end customer.
    Customer,
    /// A platform administrator.
    Admin,
    /// Any signed-in person (staff, customer or admin).
    SignedIn,
    /// A seller's staff member (or API key) holding the permission.
    Staff(Permission),
}

/// The permission matrix as a Markdown table: one row per permission, one
/// column per role and API-key scope.
pub fn matrix_markdown() -> String {
    let mut out = String::from("| permission |");
    for r in StaffRole::ALL {
        out.push_str(&format!(" {} |", r.as_str()));
    }
    for s in ApiKeyScope::ALL {
        out.push_str(&format!(" key: {} |", s.as_str()));
    }
    out.push_str("\n|---|");
    for _ in 0..StaffRole::ALL.len() + ApiKeyScope::ALL.len() {
        out.push_str(":-:|");
    }
    out.push('\n');
    for p in Permission::ALL {
        out.push_str(&format!("| `{}`: {} |", p.as_str(), p.label()));
        let cells = StaffRole::ALL
            .iter()
            .map(|r| r.grants())
            .chain(ApiKeyScope::ALL.iter().map(|s| s.grants()));
        for g in cells {
            out.push_str(if g.allows(*p) { " ✓ |" } else { " |" });
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_nest_as_documented() {
        let owner = StaffRole::Owner.grants();
        for r in StaffRole::ALL {
            assert!(owner.covers(r.grants()), "owner covers {r}");
            assert!(r.grants().allows(P::Own), "{r} manages its own login");
            assert!(r.grants().allows(P::Read), "{r} reads");
        }
        let admin = StaffRole::Admin.grants();
        assert!(!admin.allows(P::PaymentSettings) && !admin.allows(P::ApiKeys));
        assert!(!admin.allows(P::TeamSecurity));
        assert!(!StaffRole::Support.grants().allows(P::Money));
        assert!(!StaffRole::Billing.grants().allows(P::ManageCustomers));
        assert_eq!(
            StaffRole::ReadOnly.grants().list(),
            vec![P::Read, P::ReadFinance, P::Audit, P::Own]
        );
    }

    #[test]
    fn no_key_scope_manages_a_login() {
        for s in ApiKeyScope::ALL {
            let g = s.grants();
            assert!(!g.allows(P::Own) && !g.allows(P::Team) && !g.allows(P::ApiKeys));
        }
    }

    #[test]
    fn the_documented_matrix_is_the_code() {
        let doc = include_str!("../../docs/ROLES.md");
        assert!(
            doc.contains(&matrix_markdown()),
            "docs/ROLES.md must hold the matrix as printed by matrix_markdown():\n{}",
            matrix_markdown()
        );
    }
}
