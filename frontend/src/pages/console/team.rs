//! `/console/team`: the seller's members with their roles, the open
//! invitations, and the invitation form. Owners and admins see it; only
//! owners are offered the owner role.

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{
    EmptyState, FormAlert, FormErrors, ListUrl, NewPanel, SelectField, SortHead, SortKey,
    TextField, confirm, load_error, sorted_page,
};
use crate::contexts::{Session, use_session};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::access::Permission;
use ringledger_shared::api::team::{InvitationView, InviteRequest, MemberView, TeamView};
use ringledger_shared::status::StaffRole;
use uuid::Uuid;

/// Every role, for an owner.
const ALL_ROLES: &[(&str, &str)] = &[
    ("owner", "Owner"),
    ("admin", "Admin"),
    ("billing", "Billing"),
    ("support", "Support"),
    ("read_only", "Read only"),
];

/// The roles an admin may give.
const ADMIN_ROLES: &[(&str, &str)] = &[
    ("admin", "Admin"),
    ("billing", "Billing"),
    ("support", "Support"),
    ("read_only", "Read only"),
];

fn roles_for(session: Session) -> &'static [(&'static str, &'static str)] {
    let owner = untrack(move || session.me().and_then(|m| m.role)) == Some(StaffRole::Owner);
    if owner { ALL_ROLES } else { ADMIN_ROLES }
}

/// The team page.
#[component]
pub fn TeamPage() -> impl IntoView {
    let session = use_session();
    let url = ListUrl::new(&["email", "role", "status", "last_login"]);
    let team: LocalResource<Result<TeamView, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::list_team(&token?).await }
    });
    let refresh = move || team.refetch();
    let error = RwSignal::new(None::<String>);
    // A team of one with nobody invited: inviting is what the page is for.
    let alone = Signal::derive(move || {
        team.get().is_some_and(|r| {
            r.as_ref()
                .is_ok_and(|t| t.members.len() <= 1 && t.invitations.is_empty())
        })
    });
    view! {
        <h1>"Team"</h1>
        <p class="muted">
            "Owners do everything; admins everything but owners and payment settings; billing handles invoices, bill runs, payments and refunds; support handles customers, services, calls and cards without moving money; read only looks."
        </p>
        <FormAlert message=error />
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading the team…"</p> }>
            {move || team.get().map(|r| match r {
                Err(e) => load_error(&e),
                Ok(t) => view! {
                    {require_toggle(session, t.two_factor_required, refresh, error)}
                    {members_table(session, url, t.members, refresh, error)}
                    {invitations_table(session, t.invitations, refresh, error)}
                }.into_any(),
            })}
        </Transition>
        <NewPanel label="Invite someone" open_when=alone>
            <InviteForm session=session on_invited=refresh />
        </NewPanel>
    }
}

/// Runs `call` with the session's token; a failure shows in `error`, a
/// success refreshes the page.
fn act<F, Fut, T>(
    session: Session,
    error: RwSignal<Option<String>>,
    refresh: impl Fn() + 'static,
    call: F,
) where
    F: FnOnce(String) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let token = match token(session) {
        Ok(t) => t,
        Err(e) => return error.set(Some(e.message)),
    };
    error.set(None);
    spawn_local(async move {
        match call(token).await {
            Ok(_) => refresh(),
            Err(e) => error.set(Some(e.message)),
        }
    });
}

/// "Require two-factor sign-in" (owners; others see whether it is on).
fn require_toggle(
    session: Session,
    required: bool,
    refresh: impl Fn() + Clone + Send + Sync + 'static,
    error: RwSignal<Option<String>>,
) -> AnyView {
    let owner = untrack(move || session.can(Permission::TeamSecurity));
    if !owner {
        return view! {
            <p class="muted">{if required { "This team requires two-factor sign-in." } else { "" }}</p>
        }
        .into_any();
    }
    let toggle = move |_| {
        act(session, error, refresh.clone(), move |t| async move {
            api::require_two_factor(&t, !required).await
        });
    };
    view! {
        <p>
            <label class="checkbox">
                <input type="checkbox" id="require-two-factor" prop:checked=required on:change=toggle />
                " Require two-factor sign-in of every member (those without it can only set it up)"
            </label>
        </p>
    }
    .into_any()
}

/// A team is short: every member on one page, in the address's order.
const MEMBERS_PAGE: u64 = 500;

fn members_table(
    session: Session,
    url: ListUrl,
    members: Vec<MemberView>,
    refresh: impl Fn() + Clone + Send + Sync + 'static,
    error: RwSignal<Option<String>>,
) -> AnyView {
    let roles = roles_for(session);
    let (members, _) = sorted_page(members, &url, MEMBERS_PAGE, |m, column| match column {
        "email" => SortKey::text(&m.email),
        "role" => SortKey::text(m.role.as_str()),
        "status" => SortKey::text(if m.active { "active" } else { "deactivated" }),
        "last_login" => m
            .last_login_at
            .map_or(SortKey::None, |t| SortKey::Text(t.to_rfc3339())),
        _ => SortKey::None,
    });
    view! {
        <section aria-labelledby="members-heading">
            <h2 id="members-heading">"Members"</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <SortHead list=url column="email" label="E-mail" />
                            <SortHead list=url column="role" label="Role" />
                            <SortHead list=url column="status" label="Status" />
                            <SortHead list=url column="last_login" label="Last sign-in" />
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {members.into_iter().map(|m| {
                            let (id, active, you) = (m.id, m.active, m.is_you);
                            let refresh_role = refresh.clone();
                            let refresh_active = refresh.clone();
                            let label = format!("Role of {}", m.email);
                            let on_role = move |ev: leptos::ev::Event| {
                                let role = event_target_value(&ev);
                                act(session, error, refresh_role.clone(), move |t| async move {
                                    api::update_member(&t, id, &role).await
                                });
                            };
                            let who = m.email.clone();
                            let toggle = move |_| {
                                if active && !confirm(&format!("Deactivate {who}? They are signed out at once and cannot sign in until reactivated.")) {
                                    return;
                                }
                                act(session, error, refresh_active.clone(), move |t| async move {
                                    api::set_member_active(&t, id, !active).await
                                });
                            };
                            let role = m.role.as_str();
                            view! {
                                <tr>
                                    <th scope="row" class="wrap-anywhere">
                                        {m.email.clone()}
                                        {you.then(|| view! { " " <span class="badge">"you"</span> })}
                                    </th>
                                    <td>
                                        <select aria-label=label on:change=on_role>
                                            {roles.iter().chain(ALL_ROLES.iter().filter(|(c, _)| *c == role && !roles.iter().any(|(r, _)| r == c)))
                                                .map(|(code, text)| view! {
                                                    <option value=*code selected=*code == role>{*text}</option>
                                                }).collect_view()}
                                        </select>
                                    </td>
                                    <td>{if active {
                                        view! { <span class="badge badge-ok">"Active"</span> }.into_any()
                                    } else {
                                        view! { <span class="badge badge-warn">"Deactivated"</span> }.into_any()
                                    }}</td>
                                    <td>{m.last_login_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "never".into())}</td>
                                    <td>{(!you).then(|| view! {
                                        <button type="button" class=if active { "button button-danger button-small" } else { "button button-secondary button-small" }
                                            aria-label=format!("{} {}", if active { "Deactivate" } else { "Reactivate" }, m.email)
                                            on:click=toggle>
                                            {if active { "Deactivate" } else { "Reactivate" }}
                                        </button>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

fn invitations_table(
    session: Session,
    items: Vec<InvitationView>,
    refresh: impl Fn() + Clone + Send + Sync + 'static,
    error: RwSignal<Option<String>>,
) -> AnyView {
    if items.is_empty() {
        return view! {
            <section aria-labelledby="invites-heading">
                <h2 id="invites-heading">"Invitations"</h2>
                <EmptyState title="No open invitations" message="Invite someone below: they get a link to choose a password, valid for 72 hours." />
            </section>
        }
        .into_any();
    }
    view! {
        <section aria-labelledby="invites-heading">
            <h2 id="invites-heading">"Invitations"</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"E-mail"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Link valid until"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {items.into_iter().map(|i| {
                            let id: Uuid = i.id;
                            let (r1, r2) = (refresh.clone(), refresh.clone());
                            let resend = move |_| act(session, error, r1.clone(), move |t| async move {
                                api::resend_invitation(&t, id).await
                            });
                            let withdraw = move |_| act(session, error, r2.clone(), move |t| async move {
                                api::revoke_invitation(&t, id).await
                            });
                            view! {
                                <tr>
                                    <th scope="row" class="wrap-anywhere">{i.email.clone()}</th>
                                    <td>{i.role.label()}</td>
                                    <td>{if i.expired {
                                        view! { <span class="badge badge-warn">"Expired"</span> }.into_any()
                                    } else {
                                        view! { <span>{i.expires_at.format("%Y-%m-%d %H:%M UTC").to_string()}</span> }.into_any()
                                    }}</td>
                                    <td class="actions">
                                        <button type="button" class="button button-secondary button-small"
                                            aria-label=format!("Send again to {}", i.email) on:click=resend>"Send again"</button>
                                        " "
                                        <button type="button" class="button button-secondary button-small"
                                            aria-label=format!("Withdraw the invitation of {}", i.email) on:click=withdraw>"Withdraw"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn InviteForm(
    session: Session,
    on_invited: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("support".to_owned());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        alert.set(None);
        sent.set(None);
        let request = InviteRequest {
            email: email.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
        };
        if let Err(e) = request.parse() {
            return errors.set_all(vec![e]);
        }
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return alert.set(Some(e.message)),
        };
        busy.set(true);
        let on_invited = on_invited.clone();
        spawn_local(async move {
            match api::invite_member(&token, &request).await {
                Ok(i) => {
                    email.set(String::new());
                    sent.set(Some(format!("Invitation sent to {}.", i.email)));
                    on_invited();
                }
                Err(e) => errors.show_server(&e, alert),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="catalog-form" aria-labelledby="invite-heading">
            <h2 id="invite-heading">"Invite someone"</h2>
            <form class="form" on:submit=on_submit novalidate>
                <FormAlert message=alert />
                <TextField id="invite-email" field="email" label="E-mail" input_type="email" value=email errors=errors required=true />
                <SelectField id="role" label="Role" value=role errors=errors options=roles_for(session) />
                <div>
                    <button type="submit" class="button" disabled=move || busy.get()>"Send invitation"</button>
                </div>
                {move || sent.get().map(|m| view! { <p class="notice notice-ok" role="status">{m}</p> })}
            </form>
        </section>
    }
}
