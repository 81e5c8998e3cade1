//! The statuses and kinds stored in the database, one closed set of values
//! each (the kinds that are also domain types — `ServiceKind`, `JournalKind`,
//! `LineKind`, `TaxMode`, `TenantStatus` — live with their domain).
//!
//! Each is stored as its snake_case text (no migration: the columns stay
//! text) and, with the server-only `db` feature, is a sea-orm column enum,
//! so a repository or use case cannot write a misspelt status and a row
//! read back is one of these values or an error.

/// Declares a text-backed enum: serde and storage spell every variant as
/// given; `as_str`, `parse`, `ALL` and `Display` come with it.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $text)]
                #[cfg_attr(feature = "db", sea_orm(string_value = $text))]
                $variant,
            )+
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire and storage spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value spelled `s`, if any.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use text_enum;

text_enum! {
    /// A stored invoice's status. "Overdue" is not stored: an open invoice
    /// past its due date is shown as overdue.
    pub enum InvoiceStatus {
        /// Issued and not yet paid in full.
        Open = "open",
        /// Paid in full (or nothing was due).
        Paid = "paid",
        /// Cancelled by a full credit note.
        Void = "void",
    }
}

text_enum! {
    /// A payment's status.
    pub enum PaymentStatus {
        /// Started, its outcome not known yet.
        Pending = "pending",
        /// The money arrived (and was credited once).
        Succeeded = "succeeded",
        /// The charge failed.
        Failed = "failed",
        /// Abandoned before it was charged.
        Canceled = "canceled",
    }
}

text_enum! {
    /// A refund's status.
    pub enum RefundStatus {
        /// Asked of the processor, its outcome not known yet.
        Pending = "pending",
        /// Refunded (and debited once).
        Succeeded = "succeeded",
        /// The processor refused it.
        Failed = "failed",
    }
}

text_enum! {
    /// A bill run's status.
    pub enum BillRunStatus {
        /// Accounts are still being invoiced.
        Running = "running",
        /// Every due account was invoiced.
        Done = "done",
    }
}

text_enum! {
    /// An outbound e-mail's status in the outbox.
    pub enum EmailStatus {
        /// Waiting for (another) delivery attempt.
        Pending = "pending",
        /// Accepted by the mail server.
        Sent = "sent",
        /// Given up after the last attempt.
        Failed = "failed",
    }
}

text_enum! {
    /// An outbound webhook delivery's status.
    pub enum WebhookDeliveryStatus {
        /// Waiting for its (next) attempt.
        Pending = "pending",
        /// The endpoint answered 2xx.
        Delivered = "delivered",
        /// Given up: three days of retries, or the endpoint was removed.
        Failed = "failed",
    }
}

text_enum! {
    /// A customer's status.
    pub enum CustomerStatus {
        /// Signed up on the portal, e-mail not verified yet.
        PendingVerification = "pending_verification",
        /// May log in and call.
        Active = "active",
        /// Suspended by the seller: no calls, no portal.
        Suspended = "suspended",
        /// Closed for good.
        Closed = "closed",
    }
}

text_enum! {
    /// A customer account's status.
    pub enum AccountStatus {
        /// In use.
        Active = "active",
        /// No calls until reactivated.
        Suspended = "suspended",
        /// A postpaid invoice's automatic charge failed for good: no calls
        /// until a payment arrives.
        Unpaid = "unpaid",
        /// Closed for good.
        Closed = "closed",
    }
}

text_enum! {
    /// An account service's status.
    pub enum ServiceStatus {
        /// Can call.
        Active = "active",
        /// Cannot call until reactivated.
        Suspended = "suspended",
        /// Cancelled.
        Closed = "closed",
    }
}

text_enum! {
    /// A calling card's status.
    pub enum CardStatus {
        /// Printed, not sold or registered yet.
        Stock = "stock",
        /// Attached to an account: can call.
        Active = "active",
    }
}

text_enum! {
    /// A bundle subscription's status.
    pub enum SubscriptionStatus {
        /// Billed and its allowances drawn.
        Active = "active",
        /// Ended.
        Ended = "ended",
    }
}

text_enum! {
    /// How an account pays: from a balance, or on invoice up to a limit.
    pub enum AccountKind {
        /// Calls draw a balance topped up in advance.
        Prepaid = "prepaid",
        /// Calls are billed on the invoice, up to a credit limit.
        Postpaid = "postpaid",
    }
}

text_enum! {
    /// A seller: the operator (the tenant itself) or one of its resellers.
    pub enum SellerKind {
        /// The tenant's own seller, the root of its tree.
        Operator = "operator",
        /// A reseller under the operator or another reseller.
        Reseller = "reseller",
    }
}

text_enum! {
    /// A staff member's role in their seller's console.
    pub enum StaffRole {
        /// The seller's owner: everything, the team and the payment settings.
        Owner = "owner",
        /// Everything but owners and the payment settings.
        Admin = "admin",
        /// Invoices, bill runs, payments, refunds, adjustments, charges, reports.
        Billing = "billing",
        /// Customers, services, calls and card batches; no money changes.
        Support = "support",
        /// Looks at everything, changes nothing.
        ReadOnly = "read_only",
    }
}

text_enum! {
    /// An operator's Ringledger plan, as its platform subscription stands.
    pub enum PlanStatus {
        /// No plan (the platform does not bill, or not yet).
        None = "none",
        /// In its free trial.
        Trialing = "trialing",
        /// Paid and current.
        Active = "active",
        /// A payment failed: suspended after the grace period unless paid.
        PastDue = "past_due",
        /// Cancelled.
        Canceled = "canceled",
    }
}

text_enum! {
    /// What a payment is for.
    pub enum PaymentPurpose {
        /// An invoice, paid by card or by hand.
        Invoice = "invoice",
        /// A top-up the customer asked for.
        TopUp = "top_up",
        /// An automatic top-up after a debit took the balance below its trigger.
        AutoTopUp = "auto_top_up",
        /// An issued invoice charged to the saved card.
        AutoCharge = "auto_charge",
        /// A card saved for later (no money moves).
        SaveCard = "save_card",
    }
}

text_enum! {
    /// How a payment was made.
    pub enum PaymentMethod {
        /// By card, through the seller's Stripe account.
        Card = "card",
        /// Received outside Ringledger and recorded by staff.
        Manual = "manual",
    }
}

text_enum! {
    /// How a reseller prices what it sells: a markup on its parent's price,
    /// or its own rate deck.
    pub enum MarkupKind {
        /// A percentage on the parent's price.
        Percent = "percent",
        /// An amount per minute on the parent's price.
        PerMinute = "per_minute",
        /// Its own deck (never below the parent's price).
        Deck = "deck",
    }
}

impl MarkupKind {
    /// The kind of a markup.
    pub fn of(m: &crate::rating::markup::Markup) -> MarkupKind {
        match m {
            crate::rating::markup::Markup::Percent(_) => MarkupKind::Percent,
            crate::rating::markup::Markup::PerMinute(_) => MarkupKind::PerMinute,
        }
    }
}

text_enum! {
    /// Whose session a refresh token continues.
    pub enum SubjectKind {
        /// A seller's staff member (or a platform admin's console).
        Staff = "staff",
        /// A customer on the portal.
        Customer = "customer",
    }
}

text_enum! {
    /// Who processes a seller's card payments.
    pub enum PaymentProvider {
        /// Stripe, with the seller's own account.
        Stripe = "stripe",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_parses_back_from_its_spelling() {
        for s in InvoiceStatus::ALL {
            assert_eq!(InvoiceStatus::parse(s.as_str()), Some(*s));
        }
        for s in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(&s.to_string()), Some(*s));
        }
        assert_eq!(PaymentStatus::parse("paid"), None);
        assert_eq!(RefundStatus::ALL.len(), 3);
        assert_eq!(BillRunStatus::parse("done"), Some(BillRunStatus::Done));
        assert_eq!(EmailStatus::Sent.as_str(), "sent");
    }

    #[test]
    fn serde_spells_them_as_stored() {
        assert_eq!(
            serde_json::to_string(&PaymentStatus::Canceled)
                .ok()
                .as_deref(),
            Some("\"canceled\"")
        );
        assert_eq!(
            serde_json::from_str::<InvoiceStatus>("\"void\"").ok(),
            Some(InvoiceStatus::Void)
        );
    }
}
