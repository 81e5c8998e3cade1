//! The aggregates of a tenant transaction: `tx.catalog()`, `tx.customers()`,
//! `tx.billing()`, `tx.ledger()`, `tx.payments()`, `tx.sellers()`,
//! `tx.usage()`, `tx.holds()`, `tx.fraud()`, `tx.numbers()`, `tx.team()`, `tx.audit()`, `tx.webhooks()`. Each is a view of the one transaction that
//! holds the queries of its tables (in the file of the same name), so a
//! caller says which part of the tenant's data it works on, and a
//! repository file cannot grow into another's. Every query still filters on
//! the transaction's tenant.

use super::TenantTx;

macro_rules! aggregate {
    ($(#[$doc:meta])* $name:ident, $accessor:ident) => {
        $(#[$doc])*
        pub struct $name<'a>(&'a TenantTx);

        impl std::ops::Deref for $name<'_> {
            type Target = TenantTx;

            fn deref(&self) -> &TenantTx {
                self.0
            }
        }

        impl TenantTx {
            $(#[$doc])*
            pub fn $accessor(&self) -> $name<'_> {
                $name(self)
            }
        }
    };
}

aggregate!(
    /// Rate decks and their versions and rates, plans, bundles, destination groups.
    Catalog,
    catalog
);
aggregate!(
    /// Customers, their accounts, services, SIP users, ANIs, cards and outbox rows.
    Customers,
    customers
);
aggregate!(
    /// Invoices, their lines, counters, tax rates, usage to bill, bill runs.
    Billing,
    billing
);
aggregate!(
    /// Journals, postings and balances (the only writer of money).
    Ledger,
    ledger
);
aggregate!(
    /// Payments, refunds, gateways and saved payment profiles.
    Payments,
    payments
);
aggregate!(
    /// Sellers (operator and resellers), their brands, hosts and switch keys.
    Sellers,
    sellers
);
aggregate!(
    /// Call detail records in bulk.
    Usage,
    usage
);
aggregate!(
    /// Reservation holds of prepaid calls.
    Holds,
    holds
);
aggregate!(
    /// Fraud control: rules, high-risk prefixes, spend meters, call slots.
    Fraud,
    fraud
);
aggregate!(
    /// Phone numbers: the inventory and who held each number when.
    Numbers,
    numbers
);
aggregate!(
    /// A seller's team: its members (staff logins) and invitations.
    Team,
    team
);
aggregate!(
    /// The append-only, hash-chained audit log.
    Audit,
    audit
);
aggregate!(
    /// Outbound webhooks: endpoints, events and their deliveries.
    Webhooks,
    webhooks
);
