//! Reusable view pieces.

mod day_chart;
mod empty_state;
mod field;
mod header;
mod nav;

pub use day_chart::{calls_text, day_chart_svg};
pub use empty_state::EmptyState;
pub use field::{
    ChoiceField, FormAlert, FormErrors, SelectField, TextField, capitalised, sentence,
};
pub use header::Header;
pub use nav::{ConsoleNav, SECTIONS};
