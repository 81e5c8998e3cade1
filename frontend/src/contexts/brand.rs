//! The brand of the site the browser is on: the [`PortalView`] loaded once at
//! start-up, its colours applied as CSS variables on the document root.
//!
//! The brand is a signal: when the seller's staff save a new brand in the
//! console, [`Brand::apply`] updates the header, the title and the colours at
//! once, without a reload.

use crate::api::PORTAL_LOGO;
use leptos::prelude::*;
use ringledger_shared::api::resellers::BrandSettings;
use ringledger_shared::api::{PortalKind, PortalView};
use ringledger_shared::locale::Locale;
use ringledger_shared::validate::HexColor;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The portal the SPA runs on (platform site or a seller's portal).
#[derive(Debug, Clone, Copy)]
pub struct Brand {
    kind: PortalKind,
    current: RwSignal<PortalView>,
    /// Bumped after a logo upload or removal, so `<img>`s load it again.
    logo_version: RwSignal<u32>,
}

impl Brand {
    /// Wraps the loaded portal and applies its colours and name to the page.
    pub fn new(portal: PortalView) -> Self {
        apply_to_document(&portal);
        Self {
            kind: portal.kind,
            current: RwSignal::new(portal),
            logo_version: RwSignal::new(0),
        }
    }

    /// Whether this is a seller's portal (not the platform site).
    pub fn is_seller(&self) -> bool {
        self.kind == PortalKind::Seller
    }

    /// The portal as it is now (tracked).
    pub fn get(&self) -> PortalView {
        self.current.get()
    }

    /// The portal as it is now, without tracking.
    pub fn get_untracked(&self) -> PortalView {
        self.current.get_untracked()
    }

    /// The brand name (tracked).
    pub fn name(&self) -> String {
        self.current.with(|p| p.name.clone())
    }

    /// The brand name, without tracking.
    pub fn name_untracked(&self) -> String {
        self.current.with_untracked(|p| p.name.clone())
    }

    /// Shows a brand the seller just saved: name, colours and support
    /// address, on the page and in every view that reads the brand.
    pub fn apply(&self, saved: &BrandSettings) {
        self.current.update(|p| {
            p.name = saved.name.clone();
            p.primary_color = saved.primary_color.clone();
            p.accent_color = saved.accent_color.clone();
            p.support_email = Some(saved.support_email.trim().to_owned()).filter(|e| !e.is_empty());
            p.sip_server = Some(saved.sip_server.clone()).filter(|s| !s.is_empty());
            p.languages = Locale::list(&saved.languages.join(","));
            if let Some(language) = crate::contexts::use_language() {
                language.set_offered(p.languages.clone());
            }
        });
        self.current.with_untracked(apply_to_document);
    }

    /// The address of the portal's logo (tracked: it changes after an
    /// upload, so the browser does not show a cached image).
    pub fn logo_src(&self) -> String {
        match self.logo_version.get() {
            0 => PORTAL_LOGO.to_owned(),
            v => format!("{PORTAL_LOGO}?v={v}"),
        }
    }

    /// Whether the portal has a logo to show (tracked).
    pub fn has_logo(&self) -> bool {
        self.current.with(|p| p.has_logo)
    }

    /// The logo was uploaded (`true`) or removed: load it again wherever
    /// it shows.
    pub fn logo_changed(&self, has_logo: bool) {
        self.current.update(|p| p.has_logo = has_logo);
        self.logo_version.update(|v| *v += 1);
    }
}

/// The brand provided by the app root.
pub fn use_brand() -> Brand {
    expect_context::<Brand>()
}

/// Sets `--brand-primary` / `--brand-accent` on `<html>` and the page title.
fn apply_to_document(portal: &PortalView) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    document.set_title(&portal.name);
    let Some(root) = document
        .document_element()
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    for (var, raw) in [
        ("--brand-primary", &portal.primary_color),
        ("--brand-accent", &portal.accent_color),
    ] {
        if let Ok(colour) = HexColor::parse("colour", raw) {
            let _ = style.set_property(var, colour.as_str());
        }
    }
}
