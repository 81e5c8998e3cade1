//! The "New bundle" form of `/console/catalog/plans`: its fee, services,
//! rate deck and included minutes (allowances).

use super::{Done, SERVICE_KINDS};
use crate::api;
use crate::components::{ChoiceField, FormAlert, FormErrors, TextField, capitalised};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::catalog::{AllowanceRequest, CreateBundleRequest};
use ringledger_shared::error::FieldError;
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

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

/// "New bundle": its name, fee, services, rate deck and included minutes.
#[component]
pub(super) fn BundleForm(
    session: Session,
    deck_options: Signal<Vec<(String, String)>>,
    group_options: Signal<Vec<(String, String)>>,
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let fee = RwSignal::new(String::new());
    let deck = RwSignal::new(String::new());
    super::forms::default_to_only_deck(deck, deck_options);
    let kinds = RwSignal::new(vec!["sip".to_owned()]);
    let next_key = StoredValue::new(1u32);
    let rows = RwSignal::new(vec![AllowanceRow::new(0)]);
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
        let request = match bundle_request(name, fee, kinds, deck, rows) {
            Ok(r) => r,
            Err(invalid) => return errors.set_all(invalid),
        };
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
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
                {allowances_section(rows, next_key, errors, group_options)}
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

/// "Included minutes": one fieldset per allowance, the allowances' error
/// and "Add allowance".
fn allowances_section(
    rows: RwSignal<Vec<AllowanceRow>>,
    next_key: StoredValue<u32>,
    errors: FormErrors,
    group_options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
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
    let row_view = move |row: AllowanceRow| allowance_row(row, rows, group_options);
    view! {
        <div class="allowances">
            <h3>"Included minutes"</h3>
            <For each=move || rows.get() key=|r| r.key children=row_view />
            {move || allowance_error.get().map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
            <button type="button" class="button button-secondary button-small" on:click=add_row>
                "Add allowance"
            </button>
        </div>
    }
}

/// One allowance: its destination group, minutes, priority and services,
/// and "Remove".
fn allowance_row(
    row: AllowanceRow,
    rows: RwSignal<Vec<AllowanceRow>>,
    group_options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let key = row.key;
    let row_errors = FormErrors::default();
    let number = move || rows.with(|r| r.iter().position(|x| x.key == key).map_or(0, |i| i + 1));
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
}

/// The request the form sends, or the field errors found here first.
fn bundle_request(
    name: RwSignal<String>,
    fee: RwSignal<String>,
    kinds: RwSignal<Vec<String>>,
    deck: RwSignal<String>,
    rows: RwSignal<Vec<AllowanceRow>>,
) -> Result<CreateBundleRequest, Vec<FieldError>> {
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
    let allowances = allowance_requests(&rows.get_untracked(), &mut invalid);
    if !invalid.is_empty() {
        return Err(invalid);
    }
    Ok(CreateBundleRequest {
        name: name.get_untracked().trim().to_owned(),
        monthly_fee: fee.get_untracked().trim().to_owned(),
        service_kinds: kinds.get_untracked(),
        deck_id: deck.with_untracked(|d| Uuid::parse_str(d).ok()),
        allowances,
    })
}

/// The allowances of the rows; a row without a group, or with minutes or
/// a priority that are no whole number, adds its error to `invalid`.
fn allowance_requests(
    rows: &[AllowanceRow],
    invalid: &mut Vec<FieldError>,
) -> Vec<AllowanceRequest> {
    let mut allowances = Vec::new();
    for (n, row) in rows.iter().enumerate() {
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
    allowances
}
