//! `/console/catalog/plans`: destination groups, plans and bundles, with a
//! form to create each.

mod bundle_form;
mod forms;
mod tables;

use super::{CatalogTabs, token};
use crate::api::{self, ApiError};
use crate::components::{NewPanel, load_error};
use crate::contexts::{Session, use_session};
use bundle_form::BundleForm;
use forms::{GroupForm, PlanForm};
use leptos::prelude::*;
use ringledger_shared::api::catalog::{BundleView, DeckView, GroupView, PlanView};
use tables::lists;
use uuid::Uuid;

/// `(value, label)` of every service kind.
const SERVICE_KINDS: &[(&str, &str)] = &[
    ("calling_card", "Calling card"),
    ("pinless", "PINless dialing"),
    ("sip", "IP phone (SIP)"),
    ("video", "Video"),
];

/// Everything the page lists.
#[derive(Debug, Clone, Default)]
struct Catalog {
    decks: Vec<DeckView>,
    groups: Vec<GroupView>,
    plans: Vec<PlanView>,
    bundles: Vec<BundleView>,
}

impl Catalog {
    fn deck_name(&self, id: Option<Uuid>) -> String {
        match id {
            None => "—".to_owned(),
            Some(id) => self
                .decks
                .iter()
                .find(|d| d.id == id)
                .map_or_else(|| "(deleted deck)".to_owned(), |d| d.name.clone()),
        }
    }

    fn group_name(&self, id: Uuid) -> String {
        self.groups
            .iter()
            .find(|g| g.id == id)
            .map_or_else(|| "(deleted group)".to_owned(), |g| g.name.clone())
    }
}

async fn load(session: Session) -> Result<Catalog, ApiError> {
    let token = token(session)?;
    Ok(Catalog {
        decks: api::list_decks(&token).await?.items,
        groups: api::list_groups(&token).await?.items,
        plans: api::list_plans(&token).await?.items,
        bundles: api::list_bundles(&token).await?.items,
    })
}

/// The plans and bundles page.
#[component]
pub fn PlansPage() -> impl IntoView {
    let session = use_session();
    let catalog: LocalResource<Result<Catalog, ApiError>> =
        LocalResource::new(move || load(session));
    let loaded = Signal::derive(move || catalog.get().and_then(Result::ok).unwrap_or_default());
    // Plans and bundles sell on the operator's catalog only (never on a
    // reseller's own deck).
    let deck_options = Signal::derive(move || {
        let mut o = vec![(String::new(), "No rate deck".to_owned())];
        o.extend(
            loaded
                .get()
                .decks
                .into_iter()
                .filter(|d| d.seller_id.is_none())
                .map(|d| (d.id.to_string(), format!("{} ({})", d.name, d.currency))),
        );
        o
    });
    let group_options = Signal::derive(move || {
        let mut o = vec![(String::new(), "Choose a group".to_owned())];
        o.extend(
            loaded
                .get()
                .groups
                .into_iter()
                .map(|g| (g.id.to_string(), g.name)),
        );
        o
    });
    let refresh = move || catalog.refetch();
    // Only the operator creates plans, bundles and destination groups.
    let operator = !untrack(move || session.is_reseller());

    view! {
        <h1>"Catalog"</h1>
        <CatalogTabs />
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading the catalog…"</p> }>
            {move || catalog.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(c) => lists(c),
            })}
        </Transition>
        {if operator {
            view! {
                <div class="new-panels">
                    <NewPanel label="New destination group">
                        <GroupForm session=session on_created=refresh />
                    </NewPanel>
                    <NewPanel label="New plan">
                        <PlanForm session=session deck_options=deck_options on_created=refresh />
                    </NewPanel>
                    <NewPanel label="New bundle">
                        <BundleForm session=session deck_options=deck_options group_options=group_options on_created=refresh />
                    </NewPanel>
                </div>
            }
            .into_any()
        } else {
            view! {
                <p class="muted">
                    "Plans and bundles are set by your operator. Your portal sells them at your markup."
                </p>
            }
            .into_any()
        }}
    }
}

/// The message a form shows once it has created something.
#[component]
fn Done(message: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="form-done" role="status">{m}</p> })
    }
}
