//! `/console/catalog/plans`: destination groups, plans and bundles, with a
//! form to create each.

use super::{CatalogTabs, token};
use crate::api::{self, ApiError};
use crate::components::{
    ChoiceField, EmptyState, FormAlert, FormErrors, SelectField, TextField, capitalised, load_error,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::catalog::{
    AllowanceRequest, BundleView, CreateBundleRequest, CreateGroupRequest, CreatePlanRequest,
    DeckView, GroupView, PlanView,
};
use ringledger_shared::error::FieldError;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::{self, DisplayName};
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

fn kinds_text(kinds: &[ServiceKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(", ")
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
                <GroupForm session=session on_created=refresh />
                <PlanForm session=session deck_options=deck_options on_created=refresh />
                <BundleForm session=session deck_options=deck_options group_options=group_options on_created=refresh />
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

fn lists(c: Catalog) -> AnyView {
    let plans = if c.plans.is_empty() {
        view! {
            <EmptyState
                title="No plans yet"
                message="A plan prices one service: per minute on a rate deck, a monthly fee, or both."
            />
        }
        .into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">"Plans"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Service"</th>
                            <th scope="col">"Rate deck"</th>
                            <th scope="col">"Monthly fee"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c
                            .plans
                            .iter()
                            .map(|p| {
                                let fee = p
                                    .monthly_fee
                                    .map_or_else(|| "—".to_owned(), |f| format!("{f} {}", p.currency));
                                view! {
                                    <tr>
                                        <th scope="row">{p.name.clone()}</th>
                                        <td>{p.service_kind.label()}</td>
                                        <td>{c.deck_name(p.deck_id)}</td>
                                        <td>{fee}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let bundles = if c.bundles.is_empty() {
        view! {
            <EmptyState
                title="No bundles yet"
                message="A bundle sells services for a monthly fee, with minutes included to destination groups."
            />
        }
        .into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">"Bundles"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Monthly fee"</th>
                            <th scope="col">"Services"</th>
                            <th scope="col">"Rate deck"</th>
                            <th scope="col">"Included minutes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c
                            .bundles
                            .iter()
                            .map(|b| {
                                let allowances: Vec<String> = b
                                    .allowances
                                    .iter()
                                    .map(|a| {
                                        format!(
                                            "{} min to {} (priority {}; {})",
                                            a.minutes,
                                            c.group_name(a.group_id),
                                            a.priority,
                                            kinds_text(&a.service_kinds)
                                        )
                                    })
                                    .collect();
                                view! {
                                    <tr>
                                        <th scope="row">{b.name.clone()}</th>
                                        <td>{format!("{} {}", b.monthly_fee, b.currency)}</td>
                                        <td>{kinds_text(&b.service_kinds)}</td>
                                        <td>{c.deck_name(b.deck_id)}</td>
                                        <td class="wrap">
                                            {if allowances.is_empty() {
                                                "None".to_owned()
                                            } else {
                                                allowances.join("; ")
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let groups = if c.groups.is_empty() {
        view! {
            <EmptyState
                title="No destination groups yet"
                message="A destination group (e.g. “UK mobiles” = 447) is what bundle minutes are for."
            />
        }
        .into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">"Destination groups"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Prefixes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c
                            .groups
                            .iter()
                            .map(|g| {
                                view! {
                                    <tr>
                                        <th scope="row">{g.name.clone()}</th>
                                        <td class="wrap">{g.prefixes.join(", ")}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="plans-heading">
            <h2 id="plans-heading">"Plans"</h2>
            {plans}
        </section>
        <section aria-labelledby="bundles-heading">
            <h2 id="bundles-heading">"Bundles"</h2>
            {bundles}
        </section>
        <section aria-labelledby="groups-heading">
            <h2 id="groups-heading">"Destination groups"</h2>
            {groups}
        </section>
    }
    .into_any()
}

#[component]
fn GroupForm(
    session: Session,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let prefixes = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        done.set(None);
        let mut invalid = Vec::new();
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            invalid.push(e);
        }
        let raw = prefixes.get_untracked();
        let list: Vec<String> = raw
            .split([',', ' ', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        if list.is_empty() {
            invalid.push(FieldError::new("prefixes", "must list at least one prefix"));
        } else if let Some(e) = list
            .iter()
            .find_map(|p| validate::prefix("prefixes", p).err())
        {
            invalid.push(e);
        }
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = CreateGroupRequest {
            name: name.get_untracked().trim().to_owned(),
            prefixes: list,
        };
        busy.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_group(&token, &request).await {
                Ok(g) => {
                    done.set(Some(format!("Destination group “{}” created.", g.name)));
                    name.set(String::new());
                    prefixes.set(String::new());
                    on_created();
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="group-form-heading">
            <h2 id="group-form-heading">"New destination group"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <div class="field-row">
                    <TextField id="group-name" field="name" label="Group name" value=name errors=errors required=true />
                    <TextField
                        id="group-prefixes"
                        field="prefixes"
                        label="Prefixes"
                        value=prefixes
                        errors=errors
                        required=true
                        placeholder="447, 4420"
                        hint=|| "Digits of international numbers, separated by commas."
                    />
                </div>
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>
                        "Create group"
                    </button>
                </div>
                <Done message=done />
            </form>
        </section>
    }
}

#[component]
fn Done(message: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="form-done" role="status">{m}</p> })
    }
}

#[component]
fn PlanForm(
    session: Session,
    deck_options: Signal<Vec<(String, String)>>,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("calling_card".to_owned());
    let deck = RwSignal::new(String::new());
    let fee = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        done.set(None);
        let mut invalid = Vec::new();
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            invalid.push(e);
        }
        let deck_id = deck.with_untracked(|d| Uuid::parse_str(d).ok());
        let monthly_fee = fee.with_untracked(|f| {
            let f = f.trim();
            (!f.is_empty()).then(|| f.to_owned())
        });
        if deck_id.is_none() && monthly_fee.is_none() {
            invalid.push(FieldError::new(
                "deck_id",
                "a plan needs a rate deck (per minute), a monthly fee (flat rate), or both",
            ));
        }
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = CreatePlanRequest {
            name: name.get_untracked().trim().to_owned(),
            service_kind: kind.get_untracked(),
            deck_id,
            monthly_fee,
        };
        busy.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_plan(&token, &request).await {
                Ok(p) => {
                    done.set(Some(format!("Plan “{}” created.", p.name)));
                    name.set(String::new());
                    fee.set(String::new());
                    on_created();
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="plan-form-heading">
            <h2 id="plan-form-heading">"New plan"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <div class="field-row">
                    <TextField id="plan-name" field="name" label="Plan name" value=name errors=errors required=true />
                    <SelectField id="plan-kind" label="Service" value=kind errors=errors options=SERVICE_KINDS />
                </div>
                <div class="field-row">
                    <ChoiceField
                        id="plan-deck"
                        field="deck_id"
                        label="Rate deck"
                        value=deck
                        errors=errors
                        options=deck_options
                        hint="Prices calls per minute."
                    />
                    <TextField
                        id="plan-fee"
                        field="monthly_fee"
                        label="Monthly fee"
                        value=fee
                        errors=errors
                        inputmode="decimal"
                        hint=|| "Optional: a flat monthly price, e.g. 9.99."
                    />
                </div>
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>
                        "Create plan"
                    </button>
                </div>
                <Done message=done />
            </form>
        </section>
    }
}

/// One allowance row of the bundle form.
#[derive(Debug, Clone, Copy)]
struct AllowanceRow {
    key: u32,
    group: RwSignal<String>,
    minutes: RwSignal<String>,
    priority: RwSignal<String>,
    kinds: RwSignal<Vec<String>>,
}

impl AllowanceRow {
    fn new(key: u32) -> Self {
        Self {
            key,
            group: RwSignal::new(String::new()),
            minutes: RwSignal::new(String::new()),
            priority: RwSignal::new("1".to_owned()),
            kinds: RwSignal::new(Vec::new()),
        }
    }
}

/// Checkboxes of service kinds inside a fieldset.
#[component]
fn KindBoxes(
    /// Unique id prefix.
    #[prop(into)]
    id: String,
    #[prop(into)] legend: String,
    selected: RwSignal<Vec<String>>,
    /// An error shown under the boxes.
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset class="checkboxes" aria-describedby=described_by>
            <legend>{legend}</legend>
            {hint.map(|h| view! { <p class="field-hint">{h}</p> })}
            <div class="checkbox-row">
                {SERVICE_KINDS
                    .iter()
                    .map(|(code, text)| {
                        let box_id = format!("{id}-{code}");
                        let label_for = box_id.clone();
                        view! {
                            <label for=label_for class="checkbox">
                                <input
                                    id=box_id
                                    type="checkbox"
                                    value=*code
                                    prop:checked=move || selected.with(|s| s.iter().any(|k| k == code))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected
                                            .update(|s| {
                                                s.retain(|k| k != code);
                                                if on {
                                                    s.push((*code).to_owned());
                                                }
                                            });
                                    }
                                />
                                {*text}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <div id=error_id>
                {move || error.get().map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
            </div>
        </fieldset>
    }
}

#[component]
fn BundleForm(
    session: Session,
    deck_options: Signal<Vec<(String, String)>>,
    group_options: Signal<Vec<(String, String)>>,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let fee = RwSignal::new(String::new());
    let deck = RwSignal::new(String::new());
    let kinds = RwSignal::new(vec!["sip".to_owned()]);
    let next_key = StoredValue::new(1u32);
    let rows = RwSignal::new(vec![AllowanceRow::new(0)]);
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let allowance_error = Signal::derive(move || {
        [
            "allowances.group_id",
            "allowances.minutes",
            "allowances.priority",
            "allowances.service_kinds",
            "allowances",
        ]
        .iter()
        .find_map(|f| errors.get(f))
    });

    let add_row = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(AllowanceRow::new(key)));
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        done.set(None);
        let mut invalid = Vec::new();
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            invalid.push(e);
        }
        if fee.with_untracked(|f| f.trim().is_empty()) {
            invalid.push(FieldError::new("monthly_fee", "is required, e.g. 19.99"));
        }
        if kinds.with_untracked(Vec::is_empty) {
            invalid.push(FieldError::new(
                "service_kinds",
                "Choose at least one service for the bundle.",
            ));
        }
        let mut allowances = Vec::new();
        for (n, row) in rows.get_untracked().iter().enumerate() {
            let n = n + 1;
            let group_id = row.group.with_untracked(|g| Uuid::parse_str(g).ok());
            let minutes = row.minutes.with_untracked(|m| m.trim().parse::<u32>().ok());
            let priority = row.priority.with_untracked(|p| {
                let p = p.trim();
                if p.is_empty() {
                    Some(0)
                } else {
                    p.parse::<i32>().ok()
                }
            });
            if group_id.is_none() {
                invalid.push(FieldError::new(
                    "allowances.group_id",
                    format!("Allowance {n}: choose a destination group."),
                ));
            }
            let Some(minutes) = minutes.filter(|m| *m > 0) else {
                invalid.push(FieldError::new(
                    "allowances.minutes",
                    format!("Allowance {n}: minutes must be a whole number of at least 1."),
                ));
                continue;
            };
            let Some(priority) = priority else {
                invalid.push(FieldError::new(
                    "allowances.priority",
                    format!("Allowance {n}: priority must be a whole number."),
                ));
                continue;
            };
            allowances.push(AllowanceRequest {
                group_id,
                minutes,
                service_kinds: row.kinds.get_untracked(),
                priority,
            });
        }
        if !invalid.is_empty() {
            return errors.set_all(invalid);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        let request = CreateBundleRequest {
            name: name.get_untracked().trim().to_owned(),
            monthly_fee: fee.get_untracked().trim().to_owned(),
            service_kinds: kinds.get_untracked(),
            deck_id: deck.with_untracked(|d| Uuid::parse_str(d).ok()),
            allowances,
        };
        busy.set(true);
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::create_bundle(&token, &request).await {
                Ok(b) => {
                    done.set(Some(format!("Bundle “{}” created.", b.name)));
                    name.set(String::new());
                    fee.set(String::new());
                    rows.set(vec![AllowanceRow::new(next_key.get_value())]);
                    next_key.update_value(|k| *k += 1);
                    on_created();
                }
                Err(e) => errors.show_server(&e, form_error),
            }
            busy.set(false);
        });
    };

    let row_view = move |row: AllowanceRow| {
        let key = row.key;
        let row_errors = FormErrors::default();
        let number =
            move || rows.with(|r| r.iter().position(|x| x.key == key).map_or(0, |i| i + 1));
        view! {
            <fieldset class="allowance">
                <legend>{move || format!("Allowance {}", number())}</legend>
                <div class="field-row three">
                    <ChoiceField
                        id=format!("allowance-{key}-group")
                        label="Destination group"
                        value=row.group
                        errors=row_errors
                        options=group_options
                    />
                    <TextField
                        id=format!("allowance-{key}-minutes")
                        label="Minutes"
                        value=row.minutes
                        errors=row_errors
                        inputmode="numeric"
                        required=true
                    />
                    <TextField
                        id=format!("allowance-{key}-priority")
                        label="Priority"
                        value=row.priority
                        errors=row_errors
                        inputmode="numeric"
                        hint=|| "Lower is drawn first."
                    />
                </div>
                <KindBoxes
                    id=format!("allowance-{key}-kinds")
                    legend="Services that may use these minutes"
                    hint="None ticked: every service of the bundle."
                    selected=row.kinds
                    error=Signal::derive(|| None::<String>)
                />
                <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-label=move || format!("Remove allowance {}", number())
                    on:click=move |_| rows.update(|r| r.retain(|x| x.key != key))
                >
                    "Remove"
                </button>
            </fieldset>
        }
    };

    view! {
        <section class="catalog-form" aria-labelledby="bundle-form-heading">
            <h2 id="bundle-form-heading">"New bundle"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=form_error />
                <div class="field-row">
                    <TextField id="bundle-name" field="name" label="Bundle name" value=name errors=errors required=true />
                    <TextField
                        id="bundle-fee"
                        field="monthly_fee"
                        label="Bundle monthly fee"
                        value=fee
                        errors=errors
                        inputmode="decimal"
                        required=true
                    />
                </div>
                <KindBoxes
                    id="bundle-kinds"
                    legend="Services included"
                    selected=kinds
                    error=Signal::derive(move || errors.get("service_kinds"))
                />
                <ChoiceField
                    id="bundle-deck"
                    field="deck_id"
                    label="Rate deck beyond the included minutes"
                    value=deck
                    errors=errors
                    options=deck_options
                />
                <div class="allowances">
                    <h3>"Included minutes"</h3>
                    <For each=move || rows.get() key=|r| r.key children=row_view />
                    {move || allowance_error.get().map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
                    <button type="button" class="button button-secondary button-small" on:click=add_row>
                        "Add allowance"
                    </button>
                </div>
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>
                        "Create bundle"
                    </button>
                </div>
                <Done message=done />
            </form>
        </section>
    }
}
