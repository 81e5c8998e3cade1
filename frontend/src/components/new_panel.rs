//! A list's "New …" button, opening its create form under it: lists stay
//! short, and a form shows only when someone means to fill it.

use leptos::prelude::*;

/// A "New …" button (`aria-expanded`) that shows or hides `children`,
/// the create form. `open_when` opens it by itself (e.g. while the list is
/// empty, the form is what the page is for); it never closes it.
#[component]
pub fn NewPanel(
    /// The button's text, e.g. "New plan".
    #[prop(into)]
    label: String,
    /// Opens the form when it turns true.
    #[prop(optional, into)]
    open_when: Option<Signal<bool>>,
    /// The form.
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    if let Some(when) = open_when {
        Effect::new(move |_| {
            if when.get() {
                open.set(true);
            }
        });
    }
    view! {
        <div class="new-panel">
            <button
                type="button"
                class="button button-secondary"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {label}
            </button>
            <Show when=move || open.get()>{children()}</Show>
        </div>
    }
}
