//! Domain types: exact money, calendar types, the record kinds and their
//! validation. No I/O here.

mod calendar;
mod money;
pub mod records;
mod subscription_terms;
pub mod validate;

pub use calendar::{CalendarParseError, Date, Instant, Month, days_in_month, is_leap};
pub use money::{Money, MoneyParseError, RATE_SCALE, convert_cents, div_round_half_up, parse_rate};
pub use records::*;
pub use subscription_terms::SubscriptionTerms;
pub use validate::{FieldError, validate};
