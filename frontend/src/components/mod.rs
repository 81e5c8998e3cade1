//! Reusable view pieces.

mod browser;
mod chart;
mod copy;
mod day_chart;
mod download;
mod empty_state;
mod field;
mod header;
mod language_picker;
mod list_url;
mod margin_chart;
mod nav;
mod new_panel;
mod payment_text;
mod period;
mod sessions;
mod slug;

pub use browser::{confirm, copy_text, focus_later, go_to, page_host, page_port, page_protocol};
pub use chart::calls_text;
pub use copy::{CopyButton, SwitchSamples};
pub use day_chart::day_chart_svg;
pub use download::{save_bytes, save_file};
pub use empty_state::EmptyState;
pub use field::{
    CheckboxField, ChoiceField, FileField, FormAlert, FormErrors, SaveButton, SelectField,
    TextAreaField, TextField, capitalised, load_error, upper_first,
};
pub use header::Header;
pub use list_url::{ListUrl, Pager, SortHead, SortKey, sorted_page};
pub use margin_chart::margin_chart_svg;
pub use nav::{ConsoleNav, SECTIONS};
pub use new_panel::NewPanel;
pub use payment_text::{
    amount_text, day_text, exact_text, money, money_text, payment_status_class, positive_amount,
    purpose_text, rate_money, rate_text,
};
pub use period::{PeriodPicker, UrlPeriod};
pub use sessions::SessionsSection;
pub use slug::follow_name_with_slug;
