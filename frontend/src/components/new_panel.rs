//! A list's "New …" button, opening its create form under it: lists stay
//! short, and a form shows only when someone means to fill it.

use leptos::prelude::*;

/// A "New …" button (`aria-expanded`) that shows or hides `children`,
/// the create form.
#[component]
pub fn NewPanel(
    /// The button's text, e.g. "New plan".
    #[prop(into)]
    label: String,
    /// The form.
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
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
