//! A friendly placeholder for a list or section with nothing in it yet.

use leptos::prelude::*;

/// A titled message, with optional children (typically a call to action).
#[component]
pub fn EmptyState(
    /// Short headline.
    #[prop(into)]
    title: String,
    /// One or two sentences of explanation.
    #[prop(into)]
    message: String,
    /// Optional action.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state">
            <h2>{title}</h2>
            <p>{message}</p>
            {children.map(|c| c())}
        </div>
    }
}
