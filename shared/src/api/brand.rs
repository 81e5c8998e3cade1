//! A seller's brand (`/api/v1/settings/brand`): what its portal, e-mails
//! and invoices show, and where its customers' phones register.

use crate::error::FieldError;
use crate::validate::{DisplayName, Email, HexColor, SipServer};
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The value of `r`, or `None` with its error kept.
fn keep<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// `GET`/`PUT /api/v1/settings/brand`: what the seller's portal, e-mails and
/// invoices show.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BrandSettings {
    /// Brand name.
    #[serde(default)]
    pub name: String,
    /// Main colour `#rrggbb`.
    #[serde(default)]
    pub primary_color: String,
    /// Accent colour `#rrggbb`.
    #[serde(default)]
    pub accent_color: String,
    /// Support e-mail (`""`: none).
    #[serde(default)]
    pub support_email: String,
    /// Postal address printed on invoices.
    #[serde(default)]
    pub address: String,
    /// Tax id printed on invoices.
    #[serde(default)]
    pub tax_id: String,
    /// The SIP server its customers' phones register with, `host` or
    /// `host:port` (`""`: none shown); read back as `host:port`.
    #[serde(default)]
    pub sip_server: String,
    /// The languages the portal offers (tags, its default first; at least
    /// one). Left empty in an update: unchanged.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Whether a logo was uploaded (read only).
    #[serde(default)]
    pub has_logo: bool,
}

/// A [`BrandSettings`] whose every field has been parsed.
#[derive(Debug, Clone)]
pub struct ValidBrand {
    /// Name.
    pub name: DisplayName,
    /// Main colour.
    pub primary_color: HexColor,
    /// Accent colour.
    pub accent_color: HexColor,
    /// Support e-mail.
    pub support_email: Option<Email>,
    /// Address (≤ 500 characters).
    pub address: String,
    /// Tax id (≤ 64 characters).
    pub tax_id: String,
    /// SIP server, if one is shown.
    pub sip_server: Option<SipServer>,
    /// The languages offered, in order (`None`: unchanged).
    pub languages: Option<Vec<crate::locale::Locale>>,
}

impl BrandSettings {
    /// Parses every field, returning all the field errors found.
    pub fn parse(&self) -> Result<ValidBrand, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = keep(&mut errors, DisplayName::parse("name", &self.name));
        let primary_color = keep(
            &mut errors,
            HexColor::parse("primary_color", &self.primary_color),
        );
        let accent_color = keep(
            &mut errors,
            HexColor::parse("accent_color", &self.accent_color),
        );
        let support_email = match self.support_email.trim() {
            "" => Some(None),
            raw => keep(&mut errors, Email::parse("support_email", raw)).map(Some),
        };
        let address = keep(
            &mut errors,
            if self.address.chars().count() > 500 {
                Err(FieldError::new("address", "must be at most 500 characters"))
            } else {
                Ok(self.address.trim().to_owned())
            },
        );
        let tax_id = keep(
            &mut errors,
            if self.tax_id.chars().count() > 64 {
                Err(FieldError::new("tax_id", "must be at most 64 characters"))
            } else {
                Ok(self.tax_id.trim().to_owned())
            },
        );
        let sip_server = match self.sip_server.trim() {
            "" => Some(None),
            raw => keep(&mut errors, SipServer::parse("sip_server", raw)).map(Some),
        };
        let languages = keep(&mut errors, parse_languages(&self.languages));
        match (
            name,
            primary_color,
            accent_color,
            support_email,
            address,
            tax_id,
        ) {
            (Some(name), Some(p), Some(a), Some(support_email), Some(address), Some(tax_id))
                if errors.is_empty() =>
            {
                Ok(ValidBrand {
                    name,
                    primary_color: p,
                    accent_color: a,
                    support_email,
                    address,
                    tax_id,
                    sip_server: sip_server.flatten(),
                    languages: languages.flatten(),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The offered languages of an update: known tags, no repeats (`None`
/// when the list is empty: unchanged).
fn parse_languages(tags: &[String]) -> Result<Option<Vec<crate::locale::Locale>>, FieldError> {
    use crate::locale::Locale;
    if tags.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for tag in tags {
        let l = Locale::parse(tag).ok_or_else(|| {
            FieldError::new(
                "languages",
                format!(
                    "\"{}\" is not a language this portal can offer (en, es, fr)",
                    tag.trim()
                ),
            )
        })?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::BrandSettings;

    fn brand() -> BrandSettings {
        BrandSettings {
            name: "Blue".into(),
            primary_color: "#ABC".into(),
            accent_color: "#fff".into(),
            ..BrandSettings::default()
        }
    }

    #[test]
    fn brands_parse() {
        let b = BrandSettings {
            accent_color: "red".into(),
            ..brand()
        };
        let errs = b.parse().unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "accent_color");
    }

    #[test]
    fn the_sip_server_reads_as_host_and_port() {
        let parsed = |raw: &str| {
            BrandSettings {
                sip_server: raw.into(),
                ..brand()
            }
            .parse()
            .map(|b| b.sip_server.map(|s| s.to_string()))
            .map_err(|e| e[0].field)
        };
        assert_eq!(parsed(""), Ok(None));
        assert_eq!(
            parsed(" SIP.Acme.com "),
            Ok(Some("sip.acme.com:5060".into()))
        );
        assert_eq!(parsed("10.0.0.5:5080"), Ok(Some("10.0.0.5:5080".into())));
        assert_eq!(parsed("sip.acme.com:0"), Err("sip_server"));
        assert_eq!(parsed("sip.acme.com:70000"), Err("sip_server"));
        assert_eq!(parsed("sip acme"), Err("sip_server"));
        assert_eq!(parsed("sip://acme.com"), Err("sip_server"));
    }
}
