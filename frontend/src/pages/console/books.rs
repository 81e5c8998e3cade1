//! `/console/books` (issue 17, for accountants): the staff's seller's books
//! over a period kept in the address — the trial balance, "Export postings
//! (CSV)", a journal search with each journal's postings — and, for the
//! operator's staff, "Check the books" over the whole tenant.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::save_file;
use crate::components::{
    ChoiceField, EmptyState, FormAlert, FormErrors, PeriodPicker, TextField, UrlPeriod, exact_text,
    load_error,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::Page;
use ringledger_shared::api::books::{BooksCheckReport, JournalView, TrialBalance};
use ringledger_shared::ledger::{Book, JournalKind};
use rust_decimal::Decimal;

/// The journal search returns at most this many journals.
const JOURNAL_LIMIT: usize = 500;

/// A journal kind for people (`card_redemption` → `Card redeemed`).
pub(crate) fn kind_label(kind: &str) -> String {
    match JournalKind::parse(kind) {
        Some(JournalKind::Usage) => "Calls",
        Some(JournalKind::Invoice) => "Invoice",
        Some(JournalKind::Payment) => "Payment",
        Some(JournalKind::PaymentFailed) => "Failed payment",
        Some(JournalKind::Refund) => "Refund",
        Some(JournalKind::CardRedemption) => "Card redeemed",
        Some(JournalKind::Adjustment) => "Adjustment",
        Some(JournalKind::CreditNote) => "Credit note",
        Some(JournalKind::Opening) => "Opening balance",
        None => return kind.replace('_', " "),
    }
    .to_owned()
}

/// A book word for people (`revenue_usage` → `Revenue — calls`).
fn book_label(book: &str) -> String {
    Book::parse(book).map_or_else(|| book.replace('_', " "), |b| b.label().to_owned())
}

/// `1 journal`, `2 journals`.
fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "Books balance: 3 journals, 7 postings, …" (or how many discrepancies).
fn check_text(r: &BooksCheckReport) -> String {
    let checked = format!(
        "{}, {}, {}, {} and {} checked.",
        counted(r.journals, "journal", "journals"),
        counted(r.postings, "posting", "postings"),
        counted(r.accounts, "account balance", "account balances"),
        counted(r.rated_records, "rated call", "rated calls"),
        counted(r.invoices, "invoice", "invoices"),
    );
    if r.ok {
        format!("Books balance: {checked}")
    } else {
        format!(
            "The books do not balance: {} found. {checked}",
            counted(r.discrepancies.len() as u64, "discrepancy", "discrepancies")
        )
    }
}

/// The Books page.
#[component]
pub fn BooksPage() -> impl IntoView {
    let session = use_session();
    let reseller = untrack(move || session.is_reseller());
    let period = UrlPeriod::new();
    let balance: LocalResource<Result<TrialBalance, ApiError>> = LocalResource::new(move || {
        let (from, to) = (period.from.get(), period.to.get());
        let token = token(session);
        async move { api::trial_balance(&token?, &from, &to).await }
    });
    Effect::new(move |_| match balance.get() {
        Some(Ok(tb)) => period.loaded(tb.from, tb.to),
        Some(Err(e)) => {
            period.failed(&e);
        }
        None => {}
    });
    view! {
        <h1>"Books"</h1>
        <p class="lead">
            "Your double-entry books: every cent that moved, from which book to which. Each journal's postings sum to zero, and so does the trial balance."
        </p>
        <PeriodPicker period=period id="books" label="Period" />
        <div class="toolbar">
            <ExportPostings session=session period=period />
        </div>
        <section aria-labelledby="trial-balance-heading">
            <h2 id="trial-balance-heading">"Trial balance"</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the trial balance…"</p> }>
                {move || balance.get().map(|r| match r {
                    Err(e) if e.field.is_some() => view! {
                        <p class="muted">"Pick a valid period above."</p>
                    }.into_any(),
                    Err(e) => load_error(&e),
                    Ok(tb) => trial_balance_view(&tb),
                })}
            </Transition>
        </section>
        <JournalSearch session=session period=period />
        {(!reseller).then(|| view! { <BooksCheck session=session /> })}
    }
}

/// The trial balance table: a row per book, a total row.
fn trial_balance_view(tb: &TrialBalance) -> AnyView {
    if tb.rows.is_empty() {
        return view! {
            <EmptyState
                title="No postings in this period"
                message="Nothing has been posted to your books yet. Calls, invoices, payments, prepaid cards and adjustments post here as they happen."
            />
        }
        .into_any();
    }
    let currency = tb.rows[0].currency.clone();
    let quiet = tb
        .rows
        .iter()
        .all(|r| r.debits.is_zero() && r.credits.is_zero());
    let sum = |f: fn(&ringledger_shared::api::books::TrialBalanceLine) -> Decimal| {
        tb.rows.iter().map(f).sum::<Decimal>()
    };
    let (opening, debits, credits) = (sum(|r| r.opening), sum(|r| r.debits), sum(|r| r.credits));
    // Ledger amounts keep their fractions of a penny (calls are charged at
    // 4 places), so the columns add up to the last digit.
    let total_text = {
        let currency = currency.clone();
        move |d: Decimal| exact_text(d, &currency)
    };
    view! {
        {quiet.then(|| view! {
            <p class="muted" role="status">
                {format!("No postings in this period: the balances are carried over from before {}.", tb.from)}
            </p>
        })}
        <div class="table-wrap">
            <table class="table books-table">
                <caption>{format!("Trial balance, {} to {}, in {currency}", tb.from, tb.to)}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Book"</th>
                        <th scope="col" class="num">"Opening"</th>
                        <th scope="col" class="num">"Debits"</th>
                        <th scope="col" class="num">"Credits"</th>
                        <th scope="col" class="num">"Closing"</th>
                    </tr>
                </thead>
                <tbody>
                    {tb.rows.iter().map(|r| {
                        let m = |d: Decimal| exact_text(d, &r.currency);
                        view! {
                            <tr>
                                <th scope="row">{r.label.clone()}</th>
                                <td class="num">{m(r.opening)}</td>
                                <td class="num">{m(r.debits)}</td>
                                <td class="num">{m(r.credits)}</td>
                                <td class="num">{m(r.closing)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Total"</th>
                        <td class="num">{total_text(opening)}</td>
                        <td class="num">{total_text(debits)}</td>
                        <td class="num">{total_text(credits)}</td>
                        <td class="num">{total_text(tb.total)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
        <p class="muted small">
            "Debits are the period's negative postings, credits its positive ones (as each book's holder sees it): opening + debits + credits = closing."
        </p>
    }
    .into_any()
}

/// "Export postings (CSV)" of the period in the address: fetched with the
/// bearer token, saved through a Blob URL.
#[component]
fn ExportPostings(session: Session, period: UrlPeriod) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let href = move || {
        let (from, to) = (period.from.get(), period.to.get());
        let mut pairs = Vec::new();
        if !from.is_empty() {
            pairs.push(format!("from={from}"));
        }
        if !to.is_empty() {
            pairs.push(format!("to={to}"));
        }
        if pairs.is_empty() {
            "/api/v1/books/postings.csv".to_owned()
        } else {
            format!("/api/v1/books/postings.csv?{}", pairs.join("&"))
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        error.set(None);
        let (from, to) = (period.from.get_untracked(), period.to.get_untracked());
        spawn_local(async move {
            match api::export_postings_csv(&token, &from, &to).await {
                Ok((filename, text)) => {
                    let filename = filename.unwrap_or_else(|| "postings.csv".to_owned());
                    if save_file(&filename, &text).is_none() {
                        error.set(Some("The browser could not save the file.".to_owned()));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="export">
            <a class="button button-secondary" href=href download=""
                aria-busy=move || busy.get().to_string() on:click=on_click>
                {move || if busy.get() { "Exporting…" } else { "Export postings (CSV)" }}
            </a>
            <FormAlert message=error />
        </div>
    }
}

/// The kind filter's options.
fn kind_options() -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "Any kind".to_owned())];
    v.extend(
        JournalKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), kind_label(k.as_str()))),
    );
    v
}

/// "Journal": search the period's journals by kind and memo or actor.
#[component]
fn JournalSearch(session: Session, period: UrlPeriod) -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let applied = RwSignal::new((String::new(), String::new()));
    let list: LocalResource<Result<Page<JournalView>, ApiError>> = LocalResource::new(move || {
        let (from, to) = (period.from.get(), period.to.get());
        let (kind, q) = applied.get();
        let token = token(session);
        async move { api::list_journals(&token?, &from, &to, &kind, &q).await }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = list.get()
            && e.field.as_deref() == Some("kind")
        {
            errors.set_server(&e);
        }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        applied.set((kind.get_untracked(), q.get_untracked()));
    };
    let options = Signal::derive(kind_options);
    view! {
        <section aria-labelledby="journal-heading">
            <h2 id="journal-heading">"Journal"</h2>
            <form class="search" role="search" aria-label="Search the journal" on:submit=on_search>
                <ChoiceField id="journal-kind" field="kind" label="Kind" value=kind errors=errors options=options />
                <TextField id="journal-q" field="q" label="Memo or actor" value=q errors=errors input_type="search"
                    placeholder="E.g. goodwill, or a staff e-mail" />
                <button type="submit" class="button">"Search"</button>
            </form>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the journal…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) if e.field.is_some() => ().into_any(),
                    Err(e) => load_error(&e),
                    Ok(page) => {
                        let filtered = applied.with_untracked(|(k, q)| !k.is_empty() || !q.trim().is_empty());
                        journals_view(page.items, filtered)
                    }
                })}
            </Transition>
        </section>
    }
}

fn journals_view(items: Vec<JournalView>, filtered: bool) -> AnyView {
    if items.is_empty() {
        return if filtered {
            view! { <EmptyState title="No journals match" message="Try another kind or text, or a longer period." /> }.into_any()
        } else {
            view! { <EmptyState title="No postings in this period" message="Journals show here as calls are rated, invoices issued, payments received and balances adjusted." /> }.into_any()
        };
    }
    let n = items.len();
    let status = if n >= JOURNAL_LIMIT {
        format!("The newest {n} journals: pick a shorter period or search to see older ones.")
    } else {
        counted(n as u64, "journal", "journals")
    };
    view! {
        <p class="muted" role="status">{status}</p>
        <ol class="journals plain">
            {items.into_iter().map(journal_view).collect_view()}
        </ol>
    }
    .into_any()
}

/// One journal: its kind, memo, when and who; a row per posting.
fn journal_view(j: JournalView) -> impl IntoView {
    let when = j.created_at.format("%Y-%m-%d %H:%M UTC").to_string();
    let title = if j.memo.trim().is_empty() {
        kind_label(&j.kind)
    } else {
        format!("{}: {}", kind_label(&j.kind), j.memo)
    };
    let by = if j.actor.trim().is_empty() {
        String::new()
    } else {
        format!(" · by {}", j.actor)
    };
    let currency = j.currency.clone();
    view! {
        <li class="journal">
            <div class="table-wrap">
                <table class="table journal-table">
                    <caption>
                        {title}
                        <span class="muted journal-meta">{format!(" · {when}{by} · {currency}")}</span>
                    </caption>
                    <thead class="visually-hidden">
                        <tr>
                            <th scope="col">"Book"</th>
                            <th scope="col">"Account"</th>
                            <th scope="col" class="num">"Amount"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {j.postings.iter().map(|p| {
                            let account = if p.account_id.is_some() { p.label.clone() } else { String::new() };
                            view! {
                                <tr>
                                    <th scope="row">{book_label(&p.book)}</th>
                                    <td>{account}</td>
                                    <td class="num">{exact_text(p.amount, &j.currency)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </li>
    }
}

/// "Check the books" (the operator's staff): the tenant-wide proof.
#[component]
fn BooksCheck(session: Session) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<BooksCheckReport>);
    let on_click = move |_| {
        if busy.get_untracked() {
            return;
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        error.set(None);
        report.set(None);
        spawn_local(async move {
            match api::check_books(&token).await {
                Ok(r) => report.set(Some(r)),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="check-heading">
            <h2 id="check-heading">"Check the books"</h2>
            <p class="muted">
                "Proves that every cent is accounted for, across your whole business and your resellers': every journal sums to zero, every balance equals its postings, and every rated call and invoice was posted once, at its price."
            </p>
            <button type="button" class="button" disabled=move || busy.get()
                aria-busy=move || busy.get().to_string() on:click=on_click>
                {move || if busy.get() { "Checking…" } else { "Check the books" }}
            </button>
            <FormAlert message=error />
            {move || report.get().map(check_view)}
        </section>
    }
}

fn check_view(r: BooksCheckReport) -> AnyView {
    let text = check_text(&r);
    let outcome = if r.ok {
        view! { <p class="form-done" role="status">{text}</p> }.into_any()
    } else {
        view! {
            <div class="notice notice-warning" role="alert">
                <p>{text}</p>
                <ul>
                    {r.discrepancies.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    };
    let sellers = (!r.trial_balance.is_empty()).then(|| {
        view! {
            <details class="check-sellers">
                <summary>"Closing balances of every seller"</summary>
                <div class="table-wrap">
                    <table class="table books-table">
                        <caption class="visually-hidden">"Closing balances of every seller"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Seller"</th>
                                <th scope="col">"Book"</th>
                                <th scope="col" class="num">"Balance"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {r.trial_balance.iter().map(|row| view! {
                                <tr>
                                    <td>{row.seller_name.clone()}</td>
                                    <th scope="row">{row.label.clone()}</th>
                                    <td class="num">{exact_text(row.balance, &row.currency)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        }
    });
    view! {
        {outcome}
        {sellers}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::{book_label, check_text, counted, kind_label};
    use ringledger_shared::api::books::BooksCheckReport;

    fn report(ok: bool, discrepancies: Vec<String>) -> BooksCheckReport {
        BooksCheckReport {
            ok,
            journals: 3,
            postings: 7,
            accounts: 1,
            rated_records: 2,
            invoices: 0,
            discrepancies,
            trial_balance: Vec::new(),
        }
    }

    #[test]
    fn check_texts() {
        assert_eq!(
            check_text(&report(true, vec![])),
            "Books balance: 3 journals, 7 postings, 1 account balance, 2 rated calls and 0 invoices checked."
        );
        assert!(
            check_text(&report(false, vec!["x".into()]))
                .starts_with("The books do not balance: 1 discrepancy found.")
        );
    }

    #[test]
    fn labels() {
        assert_eq!(kind_label("card_redemption"), "Card redeemed");
        assert_eq!(kind_label("something_new"), "something new");
        assert_eq!(book_label("revenue_usage"), "Revenue — calls");
        assert_eq!(counted(1, "journal", "journals"), "1 journal");
        assert_eq!(counted(0, "journal", "journals"), "0 journals");
    }
}
