//! Form fields: a label bound to its input, an optional hint and the field's
//! error, both linked to the input by `aria-describedby`.

use super::browser::focus_first_invalid;
use crate::api::ApiError;
use leptos::html::Input;
use leptos::prelude::*;
use ringledger_shared::error::FieldError;

/// Field errors of one form (client-side and server-side alike), by field
/// name as in the request body.
#[derive(Debug, Clone, Copy)]
pub struct FormErrors(RwSignal<Vec<(String, String)>>);

impl Default for FormErrors {
    fn default() -> Self {
        Self(RwSignal::new(Vec::new()))
    }
}

impl FormErrors {
    /// Replaces the errors with those of a client-side parse.
    pub fn set_all(self, errors: Vec<FieldError>) {
        self.set_pairs(
            errors
                .into_iter()
                .map(|e| (e.field.to_owned(), e.message))
                .collect(),
        );
    }

    /// Replaces the errors with `(field, message)` pairs whose field names
    /// are built at run time (rows of a repeatable list).
    pub fn set_pairs(self, errors: Vec<(String, String)>) {
        let any = !errors.is_empty();
        self.0.set(errors);
        if any {
            focus_first_invalid();
        }
    }

    /// Shows a server error beside its field; returns `false` when the error
    /// names no field (the caller then shows it for the whole form).
    pub fn set_server(self, error: &ApiError) -> bool {
        match &error.field {
            Some(field) => {
                self.set_pairs(vec![(field.clone(), error.message.clone())]);
                true
            }
            None => false,
        }
    }

    /// Like [`set_server`](Self::set_server), but drops the field name the
    /// server puts in front of its message (`amount must be …` → `must be
    /// …`), so that the field's label completes the sentence.
    pub fn set_server_unprefixed(self, error: &ApiError) -> bool {
        match &error.field {
            Some(field) => {
                let message = without_field_name(field, &error.message).to_owned();
                self.set_pairs(vec![(field.clone(), message)]);
                true
            }
            None => false,
        }
    }

    /// Shows a server error beside its field, or in `alert` (the form's
    /// [`FormAlert`]) when it names none.
    pub fn show_server(self, error: &ApiError, alert: RwSignal<Option<String>>) {
        if !self.set_server(error) {
            alert.set(Some(error.message.clone()));
        }
    }

    /// Like [`show_server`](Self::show_server), with the field name dropped
    /// from the message as [`set_server_unprefixed`](Self::set_server_unprefixed)
    /// does.
    pub fn show_server_unprefixed(self, error: &ApiError, alert: RwSignal<Option<String>>) {
        if !self.set_server_unprefixed(error) {
            alert.set(Some(error.message.clone()));
        }
    }

    /// Removes every error.
    pub fn clear(self) {
        self.0.set(Vec::new());
    }

    /// Removes the error of one field (when the user edits it).
    pub fn clear_field(self, field: &str) {
        if self.0.with_untracked(|v| v.iter().any(|(f, _)| f == field)) {
            self.0.update(|v| v.retain(|(f, _)| f != field));
        }
    }

    /// The error of one field (tracked).
    pub fn get(self, field: &str) -> Option<String> {
        self.0
            .with(|v| v.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
    }
}

/// A server message without the field name in front of it
/// (`amount must be …` or `amount: …` → `must be …`).
pub fn without_field_name<'a>(field: &str, message: &'a str) -> &'a str {
    message
        .strip_prefix(field)
        .filter(|m| m.starts_with([' ', ':']))
        .map(|m| m.trim_start_matches(':').trim_start())
        .filter(|m| !m.is_empty())
        .unwrap_or(message)
}

/// Predicates the field's label completes into a sentence.
const PREDICATES: &[&str] = &["must ", "is ", "may ", "should ", "cannot "];

/// Turns a message into a sentence: a predicate ("must be at least 8
/// characters") gets the label as subject ("Password must be at least 8
/// characters."); any other message is capitalised.
pub fn sentence(label: &str, message: &str) -> String {
    let message = message.trim();
    if PREDICATES.iter().any(|p| message.starts_with(p)) {
        capitalised(&format!("{label} {message}"))
    } else {
        capitalised(message)
    }
}

/// Capitalises a server message and ends it with a full stop.
pub fn capitalised(message: &str) -> String {
    let mut text = upper_first(message.trim());
    if !text.is_empty() && !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

/// `s` with its first letter in upper case (`prepaid` → `Prepaid`). ASCII
/// is done here, any other first letter (`é` → `É`) by the browser: the Wasm
/// then carries no Unicode case table, about 6 kB of the portal's compressed
/// download (issue 23).
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(s.len() + 2);
    if first.is_ascii() {
        out.push(first.to_ascii_uppercase());
    } else {
        out.push_str(&upper_case(first));
    }
    out.push_str(chars.as_str());
    out
}

/// `c` in upper case, by the browser's `String.prototype.toUpperCase`.
#[cfg(target_arch = "wasm32")]
fn upper_case(c: char) -> String {
    String::from(js_sys::JsString::from(c.to_string()).to_upper_case())
}

/// `c` in upper case (native builds: the unit tests).
#[cfg(not(target_arch = "wasm32"))]
fn upper_case(c: char) -> String {
    c.to_uppercase().collect()
}

/// What the controls of [`TextField`], [`TextAreaField`], [`FileField`],
/// [`SelectField`] and [`ChoiceField`] share: the error of their request
/// field, the ids `aria-describedby` lists, and the hint and error
/// paragraphs those ids name (`{id}-hint`, `{id}-error`).
#[derive(Debug, Clone, Copy)]
struct Described {
    errors: FormErrors,
    /// The request field its errors are reported under.
    field: StoredValue<String>,
    /// `{id}-hint`, when the field has a hint.
    hint_id: StoredValue<Option<String>>,
    error_id: StoredValue<String>,
    error: Signal<Option<String>>,
}

impl Described {
    /// The field `id`, its errors reported under `field` (default: `id`).
    fn new(id: &str, field: Option<String>, errors: FormErrors, has_hint: bool) -> Self {
        let field = StoredValue::new(field.unwrap_or_else(|| id.to_owned()));
        Self {
            errors,
            field,
            hint_id: StoredValue::new(has_hint.then(|| format!("{id}-hint"))),
            error_id: StoredValue::new(format!("{id}-error")),
            error: Signal::derive(move || field.with_value(|f| errors.get(f))),
        }
    }

    /// Whether the field has an error (tracked).
    fn invalid(self) -> bool {
        self.error.with(Option::is_some)
    }

    /// `aria-invalid` of the control (tracked).
    fn aria_invalid(self) -> &'static str {
        if self.invalid() { "true" } else { "false" }
    }

    /// `aria-describedby` of the control: the hint, then the error while
    /// there is one (tracked).
    fn described_by(self) -> Option<String> {
        let mut ids: Vec<String> = self.hint_id.get_value().into_iter().collect();
        if self.invalid() {
            ids.push(self.error_id.get_value());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// Forgets the field's error (the user changed the value).
    fn clear(self) {
        self.field.with_value(|f| self.errors.clear_field(f));
    }

    /// The field's `<div>`: the label (for `id`), the control, the hint (if
    /// any) and, while there is one, the error as a sentence completed by
    /// the label.
    fn frame(
        self,
        id: String,
        label: String,
        control: impl IntoView,
        hint: Option<impl IntoView>,
    ) -> impl IntoView {
        let subject = label.clone();
        let error = move || {
            self.error.get().map(|message| {
                view! {
                    <p id=self.error_id.get_value() class="field-error" role="alert">
                        {sentence(&subject, &message)}
                    </p>
                }
            })
        };
        view! {
            <div class="field" class:field-invalid=move || self.invalid()>
                <label for=id>{label}</label>
                {control}
                {hint.map(|h| view! { <p id=self.hint_id.get_value() class="field-hint">{h}</p> })}
                {error}
            </div>
        }
    }
}

/// A labelled `<input>` bound to a string signal.
#[component]
pub fn TextField(
    /// Element id; also the request field name its errors are reported under.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// The value.
    value: RwSignal<String>,
    /// The form's errors.
    errors: FormErrors,
    /// Input type (`text`, `email`, `password`).
    #[prop(default = "text")]
    input_type: &'static str,
    /// `autocomplete` hint for the browser.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Whether the field must be filled.
    #[prop(optional)]
    required: bool,
    /// Optional help shown under the input.
    #[prop(optional, into)]
    hint: Option<ViewFn>,
    /// Extra attributes for the input.
    #[prop(optional)]
    maxlength: Option<u32>,
    /// The request field its errors are reported under, when not `id`
    /// (several forms on one page).
    #[prop(optional, into)]
    field: Option<String>,
    /// `placeholder` of the input.
    #[prop(optional, into)]
    placeholder: Option<String>,
    /// `inputmode` of the input (`numeric`, `decimal`, `tel`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let d = Described::new(&id, field, errors, hint.is_some());
    let input = view! {
        <input
            id=id.clone()
            name=id.clone()
            type=input_type
            autocomplete=autocomplete
            required=required
            maxlength=maxlength
            placeholder=placeholder
            inputmode=inputmode
            aria-invalid=move || d.aria_invalid()
            aria-describedby=move || d.described_by()
            prop:value=move || value.get()
            on:input=move |ev| {
                value.set(event_target_value(&ev));
                d.clear();
            }
        />
    };
    d.frame(id, label, input, hint.map(|h| h.run()))
}

/// A labelled `<textarea>` bound to a string signal (e.g. a postal address).
#[component]
pub fn TextAreaField(
    /// Element id; also the request field name its errors are reported under.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// The value.
    value: RwSignal<String>,
    /// The form's errors.
    errors: FormErrors,
    /// Visible lines.
    #[prop(default = 3)]
    rows: u32,
    /// Optional help shown under the text area.
    #[prop(optional, into)]
    hint: Option<String>,
    /// The request field its errors are reported under, when not `id`.
    #[prop(optional, into)]
    field: Option<String>,
) -> impl IntoView {
    let d = Described::new(&id, field, errors, hint.is_some());
    let textarea = view! {
        <textarea
            id=id.clone()
            name=id.clone()
            rows=rows
            aria-invalid=move || d.aria_invalid()
            aria-describedby=move || d.described_by()
            prop:value=move || value.get()
            on:input=move |ev| {
                value.set(event_target_value(&ev));
                d.clear();
            }
        ></textarea>
    };
    d.frame(id, label, textarea, hint)
}

/// A labelled file `<input>`; the form reads the chosen file through
/// `node_ref`. Choosing another file clears the field's error.
#[component]
pub fn FileField(
    /// Element id.
    #[prop(into)]
    id: String,
    /// The request field its errors are reported under (also the input's
    /// `name`).
    #[prop(into)]
    field: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// The form's errors.
    errors: FormErrors,
    /// `accept` of the input (file types).
    accept: &'static str,
    /// The input, for the form to read its files.
    node_ref: NodeRef<Input>,
    /// Help shown under the input (the file's format and size).
    #[prop(into)]
    hint: String,
    /// Also called when another file is chosen.
    #[prop(optional, into)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let d = Described::new(&id, Some(field.clone()), errors, true);
    let input = view! {
        <input
            id=id.clone()
            name=field
            type="file"
            accept=accept
            node_ref=node_ref
            aria-invalid=move || d.aria_invalid()
            aria-describedby=move || d.described_by()
            on:change=move |_| {
                d.clear();
                if let Some(f) = on_change {
                    f.run(());
                }
            }
        />
    };
    d.frame(id, label, input, Some(hint))
}

/// A labelled checkbox bound to a boolean signal.
#[component]
pub fn CheckboxField(
    /// Element id.
    #[prop(into)]
    id: String,
    /// Visible label, beside the box.
    #[prop(into)]
    label: String,
    /// Whether it is ticked.
    checked: RwSignal<bool>,
    /// Optional help shown under the box.
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described_by = hint.is_some().then(|| hint_id.clone());
    let label_for = id.clone();
    view! {
        <div class="field">
            <label for=label_for class="checkbox">
                <input
                    id=id.clone()
                    name=id
                    type="checkbox"
                    aria-describedby=described_by
                    prop:checked=move || checked.get()
                    on:change=move |ev| checked.set(event_target_checked(&ev))
                />
                {label}
            </label>
            {hint.map(|h| view! { <p id=hint_id class="field-hint">{h}</p> })}
        </div>
    }
}

/// A form-level error (one not tied to a field), announced to screen readers.
#[component]
pub fn FormAlert(
    /// The message to show, if any.
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <div class="form-alert" role="alert">
                    {capitalised(&m)}
                </div>
            }
        })
    }
}

/// A form's "Save …" button, reading "Saving…" and disabled while `busy`,
/// and once `saved` the status `done` ("Pricing saved.").
#[component]
pub fn SaveButton(
    /// The button's text.
    label: &'static str,
    /// Whether the form is being sent.
    busy: RwSignal<bool>,
    /// Whether the last send saved it.
    saved: RwSignal<bool>,
    /// The status shown once saved.
    done: &'static str,
) -> impl IntoView {
    view! {
        <div>
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() { "Saving…" } else { label }}
            </button>
        </div>
        {move || saved.get().then(|| view! { <p class="form-done" role="status">{done}</p> })}
    }
}

/// An error loading what a page or panel shows, as an alert.
pub fn load_error(e: &ApiError) -> AnyView {
    view! { <p class="form-alert" role="alert">{capitalised(&e.message)}</p> }.into_any()
}

/// A labelled `<select>` of fixed options bound to a string signal.
#[component]
pub fn SelectField(
    /// Element id; also the request field name its errors are reported under.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// The selected value.
    value: RwSignal<String>,
    /// The form's errors.
    errors: FormErrors,
    /// `(value, text)` of each option.
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let d = Described::new(&id, None, errors, false);
    let select = view! {
        <select
            id=id.clone()
            name=id.clone()
            aria-invalid=move || d.aria_invalid()
            aria-describedby=move || d.described_by()
            on:change=move |ev| {
                value.set(event_target_value(&ev));
                d.clear();
            }
        >
            {options
                .iter()
                .map(|(code, text)| {
                    view! {
                        <option value=*code selected=move || value.with(|v| v == code)>
                            {*text}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    };
    d.frame(id, label, select, None::<()>)
}

/// A labelled `<select>` whose options are known at run time (e.g. the
/// operator's decks), bound to a string signal.
#[component]
pub fn ChoiceField(
    /// Element id.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// The selected value.
    value: RwSignal<String>,
    /// The form's errors.
    errors: FormErrors,
    /// `(value, text)` of each option.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The request field its errors are reported under, when not `id`.
    #[prop(optional, into)]
    field: Option<String>,
    /// Optional help shown under the select.
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let d = Described::new(&id, field, errors, hint.is_some());
    let select = view! {
        <select
            id=id.clone()
            name=id.clone()
            aria-invalid=move || d.aria_invalid()
            aria-describedby=move || d.described_by()
            prop:value=move || value.get()
            on:change=move |ev| {
                value.set(event_target_value(&ev));
                d.clear();
            }
        >
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(code, text)| {
                        let selected = value.with_untracked(|v| *v == code);
                        view! {
                            <option value=code selected=selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    };
    d.frame(id, label, select, hint)
}

#[cfg(test)]
mod tests {
    use super::{sentence, upper_first, without_field_name};

    #[test]
    fn first_letters_go_upper_case() {
        assert_eq!(upper_first("prepaid"), "Prepaid");
        // What the customer page's account kind and the wholesale page's
        // invoice badges show (their own wrappers' tests, moved here).
        assert_eq!(upper_first("postpaid"), "Postpaid");
        assert_eq!(upper_first("overdue"), "Overdue");
        assert_eq!(upper_first("échec du paiement"), "Échec du paiement");
        assert_eq!(upper_first("Open"), "Open");
        assert_eq!(upper_first("1 call"), "1 call");
        assert_eq!(upper_first(""), "");
    }

    #[test]
    fn field_names_are_dropped() {
        assert_eq!(
            without_field_name("amount", "amount must be greater than zero"),
            "must be greater than zero"
        );
        assert_eq!(without_field_name("amount", "amount: too big"), "too big");
        assert_eq!(
            without_field_name("amount", "amounts differ"),
            "amounts differ"
        );
        assert_eq!(without_field_name("amount", "amount"), "amount");
    }

    #[test]
    fn sentences() {
        assert_eq!(
            sentence("Password", "must be at least 8 characters"),
            "Password must be at least 8 characters."
        );
        assert_eq!(
            sentence("Portal address", "this portal address is already taken"),
            "This portal address is already taken."
        );
        assert_eq!(sentence("Email", "Wrong."), "Wrong.");
        assert_eq!(sentence("Email", ""), "");
    }
}
