//! A CSV file's import: a labelled file input and a button sending the
//! chosen file, then the answer's summary or the error (the numbers and the
//! high-risk prefixes are imported so).

use super::catalog::token;
use crate::api::ApiError;
use crate::components::FormAlert;
use crate::contexts::Session;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The file input and its button. `send` sends the file with the access
/// token and answers the summary to show ("3 added, 0 updated").
#[component]
pub fn CsvImport<F, Fut>(
    /// Whose token sends the file.
    session: Session,
    /// The file input's label ("CSV file of numbers").
    label: &'static str,
    /// The button's text ("Import numbers").
    button: &'static str,
    /// Said when the button is pressed before a file is chosen.
    missing: &'static str,
    /// Sends the file.
    send: F,
) -> impl IntoView
where
    F: Fn(String, web_sys::File) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<String, ApiError>> + 'static,
{
    let file_input = NodeRef::<Input>::new();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let import = move |_| {
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        done.set(None);
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            return error.set(Some(missing.into()));
        };
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match send(token, file).await {
                Ok(summary) => done.set(Some(summary)),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <FormAlert message=error />
        {move || done.get().map(|d| view! { <p class="notice" role="status">{d}</p> })}
        <div class="field-row">
            <label class="field">
                <span>{label}</span>
                <input type="file" accept=".csv,text/csv" node_ref=file_input />
            </label>
            <div>
                <button type="button" class="button" on:click=import disabled=move || busy.get()>
                    {move || if busy.get() { "Importing…" } else { button }}
                </button>
            </div>
        </div>
    }
}
