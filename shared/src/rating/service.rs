//! The kinds of service an operator sells.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A service kind (PRODUCT.md, "Services an operator sells").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// A prepaid card with a PIN, used at an access number.
    CallingCard,
    /// Dialing from registered caller numbers (ANI), no PIN.
    Pinless,
    /// A SIP account (IP phone).
    Sip,
    /// A video-over-IP account.
    Video,
}

impl ServiceKind {
    /// Every kind, in display order.
    pub const ALL: [ServiceKind; 4] = [
        ServiceKind::CallingCard,
        ServiceKind::Pinless,
        ServiceKind::Sip,
        ServiceKind::Video,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::CallingCard => "calling_card",
            ServiceKind::Pinless => "pinless",
            ServiceKind::Sip => "sip",
            ServiceKind::Video => "video",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            ServiceKind::CallingCard => "Calling card",
            ServiceKind::Pinless => "PINless dialing",
            ServiceKind::Sip => "IP phone (SIP)",
            ServiceKind::Video => "Video",
        }
    }
}

impl fmt::Display for ServiceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
