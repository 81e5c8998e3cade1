//! The brand of the site the browser is on: the [`PortalView`] loaded once at
//! start-up, its colours applied as CSS variables on the document root.

use leptos::prelude::*;
use ringledger_shared::api::{PortalKind, PortalView};
use ringledger_shared::validate::HexColor;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The portal the SPA runs on (platform site or a seller's portal).
#[derive(Debug, Clone)]
pub struct Brand(Arc<PortalView>);

impl Brand {
    /// Wraps the loaded portal and applies its colours and name to the page.
    pub fn new(portal: PortalView) -> Self {
        apply_to_document(&portal);
        Self(Arc::new(portal))
    }

    /// Whether this is a seller's portal (not the platform site).
    pub fn is_seller(&self) -> bool {
        self.0.kind == PortalKind::Seller
    }
}

impl std::ops::Deref for Brand {
    type Target = PortalView;

    fn deref(&self) -> &PortalView {
        &self.0
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
