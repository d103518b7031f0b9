//! `tenure demo`: a realistic, deterministic data set of every record kind.
//!
//! Churn risk depends on industry, plan, tier, company size and lead source
//! (so ICP discovery has something true to find), and on a hidden
//! engagement trait that also drives usage, surveys and tickets (so the
//! health score can predict churn). Each account is generated from its own
//! random stream, on a worker thread, while this thread writes the records
//! through the store's single write path.

mod names;
mod purchases;
mod rng;

use crate::domain::*;
use crate::store::{ChangeSetMeta, Store, StoreError};
use names::*;
pub use rng::Rng;
use std::collections::{BTreeMap, HashSet};
use std::sync::mpsc;

#[derive(Debug, Clone)]
pub struct DemoParams {
    pub accounts: u32,
    pub months: u32,
    pub seed: u64,
    /// The last month of the history (normally the current month).
    pub end: Month,
}

impl Default for DemoParams {
    fn default() -> Self {
        DemoParams {
            accounts: 300,
            months: 24,
            seed: 42,
            end: Date::today().month(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct DemoProgress {
    pub accounts_done: u32,
    pub accounts_total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub records: u64,
    pub csms: u32,
    pub import_id: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error(
        "the database {0} already holds accounts; demo data goes into a new, empty database (choose another file with --db)"
    )]
    NotEmpty(String),
    #[error("demo generation was cancelled; nothing was written")]
    Cancelled,
    #[error("internal error: the demo generator produced a record the store rejected ({0})")]
    Rejected(String),
}

struct Industry {
    name: &'static str,
    monthly_churn: f64,
}

const INDUSTRIES: &[(Industry, f64)] = &[
    (
        Industry {
            name: "Retail",
            monthly_churn: 0.030,
        },
        0.16,
    ),
    (
        Industry {
            name: "Hospitality",
            monthly_churn: 0.036,
        },
        0.07,
    ),
    (
        Industry {
            name: "Education",
            monthly_churn: 0.022,
        },
        0.10,
    ),
    (
        Industry {
            name: "Healthcare",
            monthly_churn: 0.009,
        },
        0.12,
    ),
    (
        Industry {
            name: "Financial Services",
            monthly_churn: 0.008,
        },
        0.09,
    ),
    (
        Industry {
            name: "Software",
            monthly_churn: 0.014,
        },
        0.14,
    ),
    (
        Industry {
            name: "Logistics",
            monthly_churn: 0.016,
        },
        0.10,
    ),
    (
        Industry {
            name: "Manufacturing",
            monthly_churn: 0.011,
        },
        0.10,
    ),
    (
        Industry {
            name: "Agribusiness",
            monthly_churn: 0.013,
        },
        0.07,
    ),
    (
        Industry {
            name: "Real Estate",
            monthly_churn: 0.020,
        },
        0.05,
    ),
];

struct Plan {
    name: &'static str,
    base_cents: i64,
    seat_cents: i64,
    seats: (i64, i64),
    employees: (f64, f64),
    churn_factor: f64,
}

const PLANS: &[(Plan, f64)] = &[
    (
        Plan {
            name: "Starter",
            base_cents: 14_900,
            seat_cents: 1_500,
            seats: (3, 10),
            employees: (2.0, 30.0),
            churn_factor: 1.6,
        },
        0.35,
    ),
    (
        Plan {
            name: "Growth",
            base_cents: 44_900,
            seat_cents: 1_200,
            seats: (10, 40),
            employees: (10.0, 200.0),
            churn_factor: 1.1,
        },
        0.35,
    ),
    (
        Plan {
            name: "Pro",
            base_cents: 129_000,
            seat_cents: 1_000,
            seats: (30, 150),
            employees: (50.0, 1000.0),
            churn_factor: 0.8,
        },
        0.20,
    ),
    (
        Plan {
            name: "Enterprise",
            base_cents: 390_000,
            seat_cents: 800,
            seats: (100, 800),
            employees: (300.0, 8000.0),
            churn_factor: 0.5,
        },
        0.10,
    ),
];

const LEAD_SOURCES: &[(&str, f64)] = &[("inbound", 0.5), ("outbound", 0.3), ("partner", 0.2)];

struct DemoCsm {
    name: String,
    tier: &'static str,
}

fn csm_team(params: &DemoParams) -> Vec<(Csm, &'static str)> {
    let n = (params.accounts / 35).clamp(4, 12) as usize;
    let mut rng = Rng::for_item(params.seed, 7, 0);
    let mut used = HashSet::new();
    let mut team = Vec::with_capacity(n);
    for i in 0..n {
        let name = loop {
            let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            if used.insert(name.clone()) {
                break name;
            }
        };
        let email = format!("{}@tenure-demo.example", slug(&name).replace('-', "."));
        let tier = match i * 10 / n {
            0 | 1 => "high_touch",
            2..=5 => "mid_touch",
            _ => "tech_touch",
        };
        let capacity = match i % 5 {
            3 => 100.0,
            4 => 140.0,
            _ => 120.0,
        };
        // One former team member, kept for history.
        let active = !(n >= 6 && i == n - 1);
        team.push((
            Csm {
                name,
                email: Some(email),
                capacity_hours: Some(capacity),
                active: Some(active),
            },
            tier,
        ));
    }
    team
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ã' | 'Á' | 'Â' | 'Ã' => 'a',
            'é' | 'ê' | 'É' | 'Ê' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'ô' | 'õ' | 'Ó' | 'Ô' => 'o',
            'ú' | 'Ú' => 'u',
            'ç' | 'Ç' => 'c',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// "Aurora Comércio Ltda 2" → "Aurora Comércio", for a plausible web domain.
fn without_legal_suffix(name: &str) -> &str {
    let mut rest = name;
    loop {
        let trimmed = match rest.rsplit_once(' ') {
            Some((head, last))
                if NAME_SUFFIX_BR.contains(&last)
                    || NAME_SUFFIX_INTL.contains(&last)
                    || last.bytes().all(|b| b.is_ascii_digit()) =>
            {
                head
            }
            _ => return rest,
        };
        rest = trimmed;
    }
}

/// The month an account joins: a fifth are the base on the first month,
/// the rest arrive at a growing pace.
fn join_offset(params: &DemoParams, index: u32) -> i32 {
    let mut rng = Rng::for_item(params.seed, 2, u64::from(index));
    if rng.chance(0.2) || params.months == 1 {
        0
    } else {
        let u = rng.f64().powf(0.8);
        ((u * f64::from(params.months - 1)).floor() as i32 + 1).min(params.months as i32 - 1)
    }
}

fn money_cents(rng: &mut Rng, base: i64, seat: i64, seats: i64) -> i64 {
    let raw = base + seat * seats;
    // Prices end in whole tens of reais, with a little negotiation.
    let discount = 1.0 - rng.f64() * 0.1;
    ((raw as f64 * discount) / 1000.0).round() as i64 * 1000
}

fn day_in(rng: &mut Rng, month: Month) -> Date {
    let days = days_in_month(month.year(), month.month()) as i64;
    month.first_day().add_days(rng.range(0, days - 1) as i32)
}

fn instant_in(rng: &mut Rng, month: Month) -> Instant {
    Instant {
        date: day_in(rng, month),
        seconds: rng.range(8 * 3600, 19 * 3600) as u32,
        offset_minutes: Some(-180),
    }
}

fn add_hours(i: Instant, hours: f64) -> Instant {
    let total = i64::from(i.seconds) + (hours * 3600.0) as i64;
    Instant {
        date: i.date.add_days(total.div_euclid(86_400) as i32),
        seconds: total.rem_euclid(86_400) as u32,
        offset_minutes: i.offset_minutes,
    }
}

/// One account and everything that happened to it.
/// One to three people at the account, the first its primary contact.
/// A stream of their own, so the rest of the demo is as before.
fn contacts(params: &DemoParams, index: u32, account: &str, domain: &str, out: &mut Vec<Record>) {
    const ROLES: &[&str] = &[
        "CEO",
        "Head of Operations",
        "Finance",
        "IT manager",
        "Product owner",
    ];
    let mut rng = Rng::for_item(params.seed, 8, u64::from(index));
    let people = rng.range(1, 3);
    for n in 0..people {
        let first = rng.pick(FIRST_NAMES);
        let last = rng.pick(LAST_NAMES);
        out.push(Record::Contact(Contact {
            account: account.to_string(),
            name: format!("{first} {last}"),
            email: Some(format!("{}.{}@{domain}", slug(first), slug(last))),
            phone: rng.chance(0.7).then(|| {
                format!(
                    "+55 11 9{:04}-{:04}",
                    rng.range(1000, 9999),
                    rng.range(0, 9999)
                )
            }),
            role: Some(rng.pick(ROLES).to_string()),
            is_primary: Some(n == 0),
        }));
    }
}

fn account_records(
    params: &DemoParams,
    index: u32,
    csms: &[DemoCsm],
    name: String,
    out: &mut Vec<Record>,
) {
    let mut rng = Rng::for_item(params.seed, 1, u64::from(index));
    let start = params.end.plus(-(params.months as i32 - 1));
    let join = start.plus(join_offset(params, index));
    let industry = rng.weighted(INDUSTRIES);
    let plan = rng.weighted(PLANS);
    let lead_source = *rng.weighted(LEAD_SOURCES);
    let (city, region, country) = if rng.chance(0.72) {
        *rng.pick(CITIES_BR)
    } else {
        *rng.pick(CITIES_INTL)
    };
    let (lo, hi) = plan.employees;
    let employees = (lo * (hi / lo).powf(rng.f64())).round() as i64;
    let tier = match plan.name {
        "Enterprise" => "high_touch",
        "Pro" if rng.chance(0.3) => "high_touch",
        "Pro" => "mid_touch",
        "Growth" if rng.chance(0.6) => "mid_touch",
        _ => "tech_touch",
    };
    let candidates: Vec<&DemoCsm> = csms.iter().filter(|c| c.tier == tier).collect();
    let csm = if rng.chance(0.03) || candidates.is_empty() {
        None
    } else {
        Some(rng.pick(&candidates).name.clone())
    };
    // Hidden engagement trait: positive means disengaged (riskier).
    let disengaged = rng.normal();
    let size_factor = match employees {
        0..=9 => 1.4,
        10..=49 => 1.15,
        50..=249 => 1.0,
        250..=999 => 0.8,
        _ => 0.7,
    };
    let tier_factor = match tier {
        "high_touch" => 0.7,
        "mid_touch" => 1.0,
        _ => 1.2,
    };
    let lead_factor = match lead_source {
        "partner" => 0.75,
        "outbound" => 1.2,
        _ => 1.0,
    };
    let hazard = (industry.monthly_churn
        * plan.churn_factor
        * size_factor
        * tier_factor
        * lead_factor
        * (0.45 * disengaged).exp())
    .min(0.35);

    // Lifecycle: MRR per month of the window (0 when not a customer).
    let months = params.months as usize;
    let join_idx = (join.index() - start.index()) as usize;
    let mut seats = rng.range(plan.seats.0, plan.seats.1);
    let mut mrr = money_cents(&mut rng, plan.base_cents, plan.seat_cents, seats);
    let starting_mrr = mrr;
    let mut series = vec![0i64; months];
    let mut seats_series = vec![0i64; months];
    let mut active = true;
    let mut churned_at: Option<usize> = None;
    let mut reactivated = false;
    let mut expansions: Vec<(usize, i64)> = Vec::new();
    for (m, slot) in series.iter_mut().enumerate().skip(join_idx) {
        if active && m > join_idx && rng.chance(hazard) {
            active = false;
            churned_at = Some(m);
        } else if !active
            && !reactivated
            && churned_at.is_some_and(|c| m - c <= 6)
            && rng.chance(0.025)
        {
            active = true;
            reactivated = true;
            churned_at = None;
        }
        if active {
            if m > join_idx && rng.chance(0.025) {
                let new_seats = seats + (seats as f64 * (0.1 + rng.f64() * 0.4)).ceil() as i64;
                let new_mrr = money_cents(&mut rng, plan.base_cents, plan.seat_cents, new_seats)
                    .max(mrr + 1000);
                expansions.push((m, new_mrr - mrr));
                seats = new_seats;
                mrr = new_mrr;
            } else if m > join_idx && rng.chance(0.01) && seats > plan.seats.0 {
                seats = (seats as f64 * (0.7 + rng.f64() * 0.2)).floor().max(1.0) as i64;
                mrr = money_cents(&mut rng, plan.base_cents, plan.seat_cents, seats)
                    .min(mrr - 1000)
                    .max(1000);
            }
            *slot = mrr;
            seats_series[m] = seats;
        }
    }
    let month_at = |m: usize| start.plus(m as i32);
    // Nothing happens after today: in the current month, days stop at today.
    let end_day = params
        .end
        .last_day()
        .min(Date::today())
        .max(params.end.first_day());
    let customer_since = if join_idx == 0 {
        // The base already existed before tracking began.
        start.first_day().add_days(-(rng.range(30, 1100) as i32))
    } else {
        day_in(&mut rng, join).min(end_day)
    };
    let churned_on = churned_at.map(|c| day_in(&mut rng, month_at(c)).min(end_day));
    let onboarding_days = (25.0 + 12.0 * disengaged + rng.normal() * 8.0).clamp(5.0, 120.0) as i32;
    let onboarding_completed_on = Some(customer_since.add_days(onboarding_days))
        .filter(|d| *d <= end_day && !rng.chance(0.06) && churned_on.is_none_or(|c| *d < c));
    let value_days = (18.0 + 10.0 * disengaged + rng.normal() * 6.0).clamp(2.0, 100.0) as i32;
    let first_value_on = Some(customer_since.add_days(value_days))
        .filter(|d| *d <= end_day && churned_on.is_none_or(|c| *d < c));
    let renewal_on = if churned_on.is_none() {
        let (_, m, d) = customer_since.ymd();
        let (ey, _, _) = end_day.ymd();
        (ey..=ey + 1)
            .filter_map(|y| Date::from_ymd(y, m, d.min(28)))
            .find(|r| *r > end_day)
    } else {
        None
    };
    let external_id = format!("C{:06}", index + 1);
    let domain_tld = if country == "Brazil" {
        ".com.br"
    } else {
        ".com"
    };
    let mut custom = BTreeMap::new();
    custom.insert("lead_source".to_string(), lead_source.to_string());
    out.push(Record::Account(Account {
        external_id: external_id.clone(),
        name: name.clone(),
        domain: Some(format!("{}{domain_tld}", slug(without_legal_suffix(&name)))),
        industry: Some(industry.name.to_string()),
        country: Some(country.to_string()),
        region: Some(region.to_string()),
        city: Some(city.to_string()),
        employees: Some(employees),
        plan: Some(plan.name.to_string()),
        tier: Some(tier.to_string()),
        csm: csm.clone(),
        status: Some(if churned_on.is_some() {
            AccountStatus::Churned
        } else {
            AccountStatus::Active
        }),
        customer_since: Some(customer_since),
        churned_on,
        churn_reason: churned_on.map(|_| rng.pick(CHURN_REASONS).to_string()),
        renewal_on,
        onboarding_completed_on,
        first_value_on,
        licenses: Some(seats),
        acquisition_cost: None,
        // The demo's revenue is its own MRR rows, not an account fee.
        mrr: None,
        custom,
    }));
    contacts(
        params,
        index,
        &external_id,
        &format!("{}{domain_tld}", slug(without_legal_suffix(&name))),
        out,
    );
    out.push(Record::Opportunity(Opportunity {
        account: external_id.clone(),
        external_id: Some(format!("{external_id}-NEW")),
        kind: OpportunityKind::New,
        status: OpportunityStatus::Won,
        amount: Some(Money::from_cents(starting_mrr)),
        created_on: Some(customer_since.add_days(-(rng.range(10, 60) as i32))),
        closed_on: Some(customer_since),
    }));
    let mut last_nps_month: Option<usize> = None;
    for m in 0..months {
        let value = series[m];
        if value == 0 {
            continue;
        }
        let month = month_at(m);
        let closing_in = (m + 1..(m + 4).min(months)).any(|k| series[k] == 0)
            && churned_at.is_some_and(|c| c > m);
        let risk = disengaged + if closing_in { 1.5 } else { 0.0 };
        out.push(Record::Mrr(MrrRecord {
            account: external_id.clone(),
            month,
            mrr: Money::from_cents(value),
        }));
        let licenses = seats_series[m];
        let utilization = (0.78 - 0.12 * risk + rng.normal() * 0.06).clamp(0.03, 1.15);
        let active_users = ((licenses as f64) * utilization).round() as i64;
        let adoption = (0.55 - 0.1 * risk + rng.normal() * 0.08).clamp(0.02, 1.0);
        let total_users = licenses;
        out.push(Record::Usage(Usage {
            account: external_id.clone(),
            month,
            active_users: Some(active_users),
            total_users: Some(total_users),
            adopters: Some(((total_users as f64) * adoption).round() as i64),
            licenses: Some(licenses),
            events: Some(active_users * rng.range(15, 60)),
        }));
        let nps_every = if tier == "high_touch" { 0.25 } else { 0.15 };
        if rng.chance(nps_every) && last_nps_month.is_none_or(|l| m - l >= 2) {
            last_nps_month = Some(m);
            let score = (8.3 - 1.3 * risk + rng.normal() * 1.1)
                .round()
                .clamp(0.0, 10.0) as i64;
            out.push(Record::SurveyResponse(SurveyResponse {
                account: external_id.clone(),
                date: day_in(&mut rng, month),
                kind: SurveyKind::Nps,
                score,
                respondent: Some(format!(
                    "{} {}",
                    rng.pick(FIRST_NAMES),
                    rng.pick(LAST_NAMES)
                )),
                comment: None,
            }));
        }
        if rng.chance(0.04) {
            let score = (2.6 + 0.8 * risk + rng.normal() * 0.9)
                .round()
                .clamp(1.0, 7.0) as i64;
            out.push(Record::SurveyResponse(SurveyResponse {
                account: external_id.clone(),
                date: day_in(&mut rng, month),
                kind: SurveyKind::Ces,
                score,
                respondent: None,
                comment: None,
            }));
        }
        // Tickets: more for bigger and for unhappier customers.
        let ticket_rate = (0.18 + 0.12 * risk.max(0.0)) * (seats as f64).ln().max(1.0) / 3.0;
        for _ in 0..4 {
            if !rng.chance((ticket_rate / 4.0).min(0.9)) {
                continue;
            }
            let opened = instant_in(&mut rng, month);
            let first = add_hours(opened, 0.2 + rng.f64().powi(2) * 30.0);
            let resolved = add_hours(opened, 1.0 + rng.f64().powi(2) * 240.0);
            let end_instant = Instant {
                date: end_day,
                seconds: 86_399,
                offset_minutes: Some(-180),
            };
            let known =
                |i: Instant| (i.epoch_seconds() <= end_instant.epoch_seconds()).then_some(i);
            let resolved_at = known(resolved).filter(|_| !rng.chance(0.03));
            out.push(Record::Ticket(Ticket {
                requester: None,
                account: external_id.clone(),
                external_id: None,
                opened_at: opened,
                first_response_at: known(first),
                resolved_at,
                category: Some(rng.pick(TICKET_CATEGORIES).to_string()),
                priority: Some(
                    rng.weighted(&[("low", 0.4), ("normal", 0.45), ("high", 0.15)])
                        .to_string(),
                ),
                channel: Some(
                    rng.weighted(&[("email", 0.5), ("chat", 0.35), ("phone", 0.15)])
                        .to_string(),
                ),
            }));
            if resolved_at.is_some() && rng.chance(0.35) {
                let score = (4.2 - 0.5 * risk + rng.normal() * 0.7)
                    .round()
                    .clamp(1.0, 5.0) as i64;
                out.push(Record::SurveyResponse(SurveyResponse {
                    account: external_id.clone(),
                    date: resolved.date,
                    kind: SurveyKind::Csat,
                    score,
                    respondent: None,
                    comment: None,
                }));
            }
        }
        // CSM touches: by coverage tier, fewer with disengaged customers.
        let (touches, kinds): (f64, &[(&str, f64)]) = match tier {
            "high_touch" => (1.6, &[("call", 0.4), ("meeting", 0.35), ("email", 0.25)]),
            "mid_touch" => (0.45, &[("call", 0.5), ("email", 0.5)]),
            _ => (0.1, &[("webinar", 0.4), ("email", 0.4), ("community", 0.2)]),
        };
        let touch_p = (touches / 2.0 * (1.0 - 0.25 * risk).clamp(0.2, 1.3)).min(0.95);
        let mut planned: Vec<&str> = Vec::new();
        for _ in 0..2 {
            if rng.chance(touch_p) {
                planned.push(*rng.weighted(kinds));
            }
        }
        if m == join_idx {
            planned.push("onboarding");
        }
        if tier == "high_touch" && month.month() % 3 == 0 {
            planned.push("qbr");
        }
        for kind in planned {
            let minutes = match kind {
                "call" => 30,
                "meeting" => 60,
                "qbr" => 90,
                "onboarding" => 120,
                "webinar" => 45,
                _ => 5,
            };
            out.push(Record::Activity(Activity {
                account: external_id.clone(),
                external_id: None,
                date: day_in(&mut rng, month),
                kind: kind.to_string(),
                csm: csm.clone(),
                minutes: Some(minutes),
                notes: None,
            }));
        }
        if rng.chance(0.012) {
            let created = day_in(&mut rng, month);
            let open = m + 2 >= months;
            out.push(Record::Opportunity(Opportunity {
                account: external_id.clone(),
                external_id: Some(format!("{external_id}-L{m}")),
                kind: if rng.chance(0.6) {
                    OpportunityKind::Upsell
                } else {
                    OpportunityKind::CrossSell
                },
                status: if open {
                    OpportunityStatus::Open
                } else {
                    OpportunityStatus::Lost
                },
                amount: Some(Money::from_cents(value / 5 / 1000 * 1000 + 1000)),
                created_on: Some(created),
                closed_on: (!open)
                    .then(|| created.add_days(rng.range(7, 40) as i32))
                    .filter(|d| *d <= end_day),
            }));
        }
    }
    // Some bigger customers add an annually billed add-on (a subscription,
    // which adds to their MRR snapshots; data-model.md).
    let add_on_from = join_idx + 1 + rng.range(0, 6) as usize;
    if matches!(plan.name, "Pro" | "Enterprise")
        && rng.chance(0.15)
        && add_on_from < months
        && series[add_on_from] > 0
    {
        let start_day = day_in(&mut rng, month_at(add_on_from));
        let end = churned_on.filter(|c| *c > start_day);
        out.push(Record::Subscription(Subscription {
            account: external_id.clone(),
            external_id: Some(format!("{external_id}-ADDON")),
            start: start_day,
            end: end.or_else(|| churned_at.map(|c| month_at(c).first_day())),
            amount: Money::from_cents(rng.range(24, 120) * 10_000),
            billing_period: Some(BillingPeriod::Annual),
            product: Some("Analytics add-on".to_string()),
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
            currency: None,
        }));
    }
    purchases::records(
        params.seed,
        index,
        &purchases::Buyer {
            account: &external_id,
            plan: plan.name,
            from: customer_since.max(start.first_day()),
            to: churned_on.unwrap_or(end_day),
            churned_on,
            end: params.end,
        },
        out,
    );
    for (m, delta) in expansions {
        let closed = day_in(&mut rng, month_at(m));
        out.push(Record::Opportunity(Opportunity {
            account: external_id.clone(),
            external_id: Some(format!("{external_id}-X{m}")),
            kind: if rng.chance(0.7) {
                OpportunityKind::Upsell
            } else {
                OpportunityKind::CrossSell
            },
            status: OpportunityStatus::Won,
            amount: Some(Money::from_cents(delta)),
            created_on: Some(closed.add_days(-(rng.range(10, 45) as i32))),
            closed_on: Some(closed),
        }));
    }
}

/// Company names, unique within the data set.
fn company_names(params: &DemoParams) -> Vec<String> {
    let mut used = HashSet::with_capacity(params.accounts as usize);
    (0..params.accounts)
        .map(|i| {
            let mut rng = Rng::for_item(params.seed, 3, u64::from(i));
            let base = if rng.chance(0.7) {
                format!(
                    "{} {} {}",
                    rng.pick(NAME_WORDS),
                    rng.pick(NAME_KINDS_BR),
                    rng.pick(NAME_SUFFIX_BR)
                )
            } else {
                format!(
                    "{} {} {}",
                    rng.pick(NAME_WORDS),
                    rng.pick(NAME_KINDS_INTL),
                    rng.pick(NAME_SUFFIX_INTL)
                )
            };
            let mut name = base.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{base} {n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// Accounts per batch the generator thread hands the writer. With two
/// batches queued, about four batches' records are held at once (at 500 and
/// four queued they were 80 MB, a seventh of the demo's peak).
const CHUNK: u32 = 100;

/// Fills an empty database. `progress` is called between chunks; returning
/// `false` cancels and rolls everything back.
pub fn generate(
    store: &mut Store,
    params: &DemoParams,
    progress: &mut dyn FnMut(DemoProgress) -> bool,
) -> Result<DemoReport, DemoError> {
    let existing = crate::store::queries::count(store, RecordKind::Account)?;
    if existing > 0 {
        return Err(DemoError::NotEmpty(store.path().display().to_string()));
    }
    let team = csm_team(params);
    let demo_csms: Vec<DemoCsm> = team
        .iter()
        .filter(|(c, _)| c.active != Some(false))
        .map(|(c, tier)| DemoCsm {
            name: c.name.clone(),
            tier,
        })
        .collect();
    let names = company_names(params);

    // Acquisition spend follows the number of new accounts a month.
    let start = params.end.plus(-(params.months as i32 - 1));
    let mut new_per_month = vec![0u32; params.months as usize];
    for i in 0..params.accounts {
        new_per_month[join_offset(params, i) as usize] += 1;
    }

    let mut meta = ChangeSetMeta::new("demo", "demo");
    meta.file_name = Some(format!(
        "demo --accounts {} --months {} --seed {}",
        params.accounts, params.months, params.seed
    ));
    meta.bulk = true;
    let mut changes = store.change_set(meta)?;
    let mut records: u64 = 0;
    let mut write = |changes: &mut crate::store::ChangeSet<'_>, record: &Record| {
        records += 1;
        changes.write(record).map(|_| ()).map_err(|e| {
            DemoError::Rejected(
                e.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
    };
    for (csm, _) in &team {
        write(&mut changes, &Record::Csm(csm.clone()))?;
    }
    let mut spend_rng = Rng::for_item(params.seed, 4, 0);
    for (offset, new) in new_per_month.iter().enumerate() {
        // The first month's "new" accounts are the pre-existing base: no spend.
        let budget_cents = if offset == 0 {
            0
        } else {
            i64::from(*new) * spend_rng.range(250_000, 450_000)
        };
        let weights = [0.45, 0.2, 0.2, 0.15];
        for (channel, w) in SPEND_CHANNELS.iter().zip(weights) {
            if budget_cents == 0 {
                break;
            }
            write(
                &mut changes,
                &Record::AcquisitionSpend(AcquisitionSpend {
                    month: start.plus(offset as i32),
                    amount: Money::from_cents(
                        ((budget_cents as f64 * w) / 100.0).round() as i64 * 100,
                    ),
                    channel: Some(channel.to_string()),
                }),
            )?;
        }
    }

    let (tx, rx) = mpsc::sync_channel::<Vec<Record>>(2);
    let worker_params = params.clone();
    let worker = std::thread::spawn(move || {
        let mut index = 0u32;
        let mut names = names.into_iter();
        while index < worker_params.accounts {
            let end = (index + CHUNK).min(worker_params.accounts);
            let mut batch = Vec::new();
            for i in index..end {
                let name = names.next().unwrap_or_default();
                account_records(&worker_params, i, &demo_csms, name, &mut batch);
            }
            if tx.send(batch).is_err() {
                return; // the writer stopped (cancel or error)
            }
            index = end;
        }
    });
    let mut done = 0u32;
    for batch in rx.iter() {
        for record in &batch {
            write(&mut changes, record)?;
        }
        done = (done + CHUNK).min(params.accounts);
        if !progress(DemoProgress {
            accounts_done: done,
            accounts_total: params.accounts,
        }) {
            drop(rx);
            changes.rollback();
            let _ = worker.join();
            return Err(DemoError::Cancelled);
        }
    }
    let _ = worker.join();
    if done < params.accounts {
        changes.rollback();
        return Err(DemoError::Rejected(
            "the generator thread stopped early".into(),
        ));
    }
    let summary = changes.commit()?;
    store.settings().set("currency", "BRL")?;
    // The database itself says it is a demo, wherever it is opened from.
    store.settings().set(crate::store::DEMO_SETTING, "1")?;
    Ok(DemoReport {
        records,
        csms: team.len() as u32,
        import_id: summary.import_id.unwrap_or_default(),
    })
}
