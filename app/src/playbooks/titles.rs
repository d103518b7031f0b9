//! Rule-made task titles: the account and the figure that fired, in the
//! database's language (playbooks.md).

use crate::domain::{Date, Money};
use crate::format::{self, Locale};
use crate::metrics::Band;

/// The figure that fired a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    Nps {
        score: i64,
        date: Date,
    },
    HealthDrop {
        score: u8,
        band: Band,
    },
    Renewal {
        date: Date,
    },
    Onboarding {
        days: i32,
    },
    /// `days` since the last touch, or `None` when there was never one.
    NoTouch {
        last: Option<Date>,
        days: Option<i32>,
    },
    TicketStale {
        key: String,
        hours: i64,
    },
    /// License utilization in basis points (5000 = 50 %).
    LowAdoption {
        basis_points: i64,
    },
    Expansion {
        basis_points: i64,
    },
    /// MRR in cents, the month before and now.
    Contraction {
        before: i64,
        now: i64,
    },
}

fn band_words(band: Band, pt: bool) -> &'static str {
    match (band, pt) {
        (Band::Healthy, false) => "healthy",
        (Band::AtRisk, false) => "at risk",
        (Band::Critical, false) => "critical",
        (Band::Healthy, true) => "saudável",
        (Band::AtRisk, true) => "em risco",
        (Band::Critical, true) => "crítica",
    }
}

/// The title of a task `fact` opened for account `name`.
pub fn title(fact: &Fact, name: &str, locale: Locale, currency: &str) -> String {
    let pt = locale == Locale::PtBr;
    let day = |d: Date| format::date(d, locale);
    let share = |bp: i64| format::percent(bp as f64 / 10_000.0, 0, locale);
    let money = |c: i64| format::money(Money::from_cents(c), currency, locale);
    match (fact, pt) {
        (Fact::Nps { score, date }, false) => format!("Call {name}: NPS {score} on {}", day(*date)),
        (Fact::Nps { score, date }, true) => {
            format!("Ligar para {name}: NPS {score} em {}", day(*date))
        }
        (Fact::HealthDrop { score, band }, false) => {
            format!(
                "Review {name}: health {score} ({})",
                band_words(*band, false)
            )
        }
        (Fact::HealthDrop { score, band }, true) => {
            format!("Rever {name}: saúde {score} ({})", band_words(*band, true))
        }
        (Fact::Renewal { date }, false) => {
            format!("Prepare the renewal of {name} on {}", day(*date))
        }
        (Fact::Renewal { date }, true) => {
            format!("Preparar a renovação de {name} em {}", day(*date))
        }
        (Fact::Onboarding { days }, false) => {
            format!("Finish onboarding {name}: customer for {days} days")
        }
        (Fact::Onboarding { days }, true) => {
            format!("Concluir o onboarding de {name}: cliente há {days} dias")
        }
        (
            Fact::NoTouch {
                last: Some(d),
                days,
            },
            false,
        ) => format!(
            "Get in touch with {name}: no touch for {} days (last on {})",
            days.unwrap_or_default(),
            day(*d)
        ),
        (
            Fact::NoTouch {
                last: Some(d),
                days,
            },
            true,
        ) => format!(
            "Entrar em contato com {name}: sem contato há {} dias (último em {})",
            days.unwrap_or_default(),
            day(*d)
        ),
        (Fact::NoTouch { last: None, .. }, false) => {
            format!("Get in touch with {name}: no touch recorded")
        }
        (Fact::NoTouch { last: None, .. }, true) => {
            format!("Entrar em contato com {name}: nenhum contato registrado")
        }
        (Fact::TicketStale { key, hours }, false) => {
            format!("Chase ticket {key} of {name}: unresolved for {hours} hours")
        }
        (Fact::TicketStale { key, hours }, true) => {
            format!("Cobrar o chamado {key} de {name}: sem solução há {hours} horas")
        }
        (Fact::LowAdoption { basis_points }, false) => format!(
            "Drive adoption at {name}: {} of licenses in use",
            share(*basis_points)
        ),
        (Fact::LowAdoption { basis_points }, true) => format!(
            "Impulsionar a adoção em {name}: {} das licenças em uso",
            share(*basis_points)
        ),
        (Fact::Expansion { basis_points }, false) => format!(
            "Offer more licenses to {name}: {} in use",
            share(*basis_points)
        ),
        (Fact::Expansion { basis_points }, true) => format!(
            "Oferecer mais licenças a {name}: {} em uso",
            share(*basis_points)
        ),
        (Fact::Contraction { before, now }, false) => format!(
            "Understand why {name} contracted: MRR from {} to {}",
            money(*before),
            money(*now)
        ),
        (Fact::Contraction { before, now }, true) => format!(
            "Entender a contração de {name}: MRR de {} para {}",
            money(*before),
            money(*now)
        ),
    }
}
