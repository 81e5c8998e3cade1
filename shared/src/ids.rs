//! Typed identifiers, so that a `TenantId` can never be passed where an
//! `AccountId` is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        #[cfg(feature = "db")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl $name {
            /// The raw UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }

        impl From<$name> for Uuid {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

typed_id!(
    /// An operator: the tenant that owns every row below it.
    TenantId
);
typed_id!(
    /// A seller inside a tenant: the operator itself or one of its resellers.
    SellerId
);
typed_id!(
    /// A staff user (operator or reseller console login).
    UserId
);
typed_id!(
    /// A platform administrator (the SaaS owner's staff).
    AdminId
);
typed_id!(
    /// A refresh-token session.
    SessionId
);
typed_id!(
    /// An end customer of a seller.
    CustomerId
);
typed_id!(
    /// A customer's (or a reseller's wholesale) balance account.
    AccountId
);
typed_id!(
    /// One service on an account (a card, PINless line, SIP or video user).
    ServiceId
);
typed_id!(
    /// An issued invoice.
    InvoiceId
);
typed_id!(
    /// A payment (card, bank transfer, cash…).
    PaymentId
);
typed_id!(
    /// A rate deck.
    DeckId
);
typed_id!(
    /// A rate plan.
    PlanId
);
typed_id!(
    /// A bundle of allowances.
    BundleId
);
