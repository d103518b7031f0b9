//! Each rule on a hand-built book (fires, does not fire, with the title in
//! both languages), and the once-per-trigger guarantee through the store.
//! Every expected value was worked out by hand from the facts written here.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::domain::*;
use crate::format::Locale;
use crate::metrics::{Band, Dataset};
use crate::store::{ChangeSetMeta, Store};

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

const TODAY: &str = "2026-06-10";

fn account(id: i64, name: &str) -> BookAccount {
    BookAccount {
        id,
        external_id: format!("A{id}"),
        name: name.into(),
        csm: Some("Ana Souza".into()),
        ..BookAccount::default()
    }
}

fn book(accounts: Vec<BookAccount>) -> Book {
    Book {
        today: d(TODAY),
        month: Some(Month::parse("2026-06").unwrap()),
        currency: "BRL".into(),
        accounts,
        detractors: Vec::new(),
        tickets: Vec::new(),
    }
}

/// Only `rule` switched on, titles in `lang`.
fn only(rule: &str, lang: Locale) -> Config {
    let mut c = Config::default();
    for r in RULES {
        c.set(&format!("{}.enabled={}", r.id, r.id == rule))
            .unwrap();
    }
    c.language = lang;
    c
}

/// (account id, trigger, due date, title) of what `rule` proposes.
fn fired(b: &Book, rule: &str, lang: Locale) -> Vec<(i64, String, Date, String)> {
    evaluate(b, &only(rule, lang))
        .into_iter()
        .map(|p| {
            assert_eq!(p.rule, rule);
            (p.account_id, p.trigger, p.due_on, p.title)
        })
        .collect()
}

#[test]
fn nps_detractor_fires_for_a_recent_low_score_only() {
    let mut b = book(vec![account(1, "Padaria Pão Quente"), account(2, "Beta")]);
    b.detractors = vec![
        // 9 days ago, score 3: fires; due the response date + 2 days.
        Detractor {
            account_id: 1,
            response_id: 101,
            date: d("2026-06-01"),
            score: 3,
        },
        // 40 days ago: outside the 30 days.
        Detractor {
            account_id: 2,
            response_id: 102,
            date: d("2026-05-01"),
            score: 0,
        },
        // A passive (7) never fires, even if the store handed one over.
        Detractor {
            account_id: 2,
            response_id: 103,
            date: d("2026-06-09"),
            score: 7,
        },
        // An account that is not an active customer (not in the book).
        Detractor {
            account_id: 9,
            response_id: 104,
            date: d("2026-06-09"),
            score: 1,
        },
    ];
    assert_eq!(
        fired(&b, "nps_detractor", Locale::En),
        vec![(
            1,
            "survey:101".into(),
            d("2026-06-03"),
            "Call Padaria Pão Quente: NPS 3 on 06/01/2026".into()
        )]
    );
    assert_eq!(
        fired(&b, "nps_detractor", Locale::PtBr)[0].3,
        "Ligar para Padaria Pão Quente: NPS 3 em 01/06/2026"
    );
}

#[test]
fn health_drop_fires_when_the_band_worsens_into_risk() {
    let with = |id, score: u8, before: Option<Band>| BookAccount {
        score_now: Some(score),
        band_now: Some(Band::of(score)),
        band_before: before,
        ..account(id, &format!("Acc{id}"))
    };
    let b = book(vec![
        with(1, 55, Some(Band::Healthy)), // healthy → at risk: fires
        with(2, 55, Some(Band::AtRisk)),  // at risk → at risk: no
        with(3, 30, Some(Band::AtRisk)),  // at risk → critical: fires
        with(4, 80, Some(Band::AtRisk)),  // better: no
        with(5, 39, None),                // no band last month: fires
        BookAccount {
            ..account(6, "Unscored")
        },
    ]);
    let got = fired(&b, "health_drop", Locale::En);
    let ids: Vec<i64> = got.iter().map(|g| g.0).collect();
    assert_eq!(ids, vec![1, 3, 5]);
    assert_eq!(got[0].1, "health:2026-06");
    assert_eq!(got[0].2, d("2026-06-13"));
    assert_eq!(got[0].3, "Review Acc1: health 55 (at risk)");
    assert_eq!(
        fired(&b, "health_drop", Locale::PtBr)[1].3,
        "Rever Acc3: saúde 30 (crítica)"
    );
}

#[test]
fn renewal_upcoming_fires_within_90_days_due_60_days_before() {
    let with = |id, r: &str| BookAccount {
        renewal_on: Some(d(r)),
        ..account(id, &format!("Acc{id}"))
    };
    let b = book(vec![
        with(1, "2026-08-01"), // 52 days: due max(today, 2026-06-02) = today
        with(2, "2026-09-01"), // 83 days: due 2026-07-03
        with(3, "2026-12-01"), // 174 days: outside
        with(4, "2026-06-01"), // past: overdue, not upcoming
    ]);
    let got = fired(&b, "renewal_upcoming", Locale::En);
    assert_eq!(got.len(), 2);
    assert_eq!(
        (got[0].0, got[0].1.as_str(), got[0].2),
        (1, "renewal:2026-08-01", d(TODAY))
    );
    assert_eq!((got[1].0, got[1].2), (2, d("2026-07-03")));
    assert_eq!(got[1].3, "Prepare the renewal of Acc2 on 09/01/2026");
    assert_eq!(
        fired(&b, "renewal_upcoming", Locale::PtBr)[1].3,
        "Preparar a renovação de Acc2 em 01/09/2026"
    );
}

#[test]
fn onboarding_overdue_fires_after_60_days_without_completion() {
    let with = |id, since: &str, done: Option<&str>| BookAccount {
        customer_since: Some(d(since)),
        onboarding_completed_on: done.map(d),
        ..account(id, &format!("Acc{id}"))
    };
    let b = book(vec![
        with(1, "2026-03-01", None),               // 101 days: fires
        with(2, "2026-05-01", None),               // 40 days: no
        with(3, "2026-01-01", Some("2026-02-01")), // completed: no
        with(4, "2026-04-11", None),               // exactly 60 days: not more than 60
    ]);
    let got = fired(&b, "onboarding_overdue", Locale::En);
    assert_eq!(
        got,
        vec![(
            1,
            "onboarding".into(),
            d("2026-06-17"),
            "Finish onboarding Acc1: customer for 101 days".into()
        )]
    );
    assert_eq!(
        fired(&b, "onboarding_overdue", Locale::PtBr)[0].3,
        "Concluir o onboarding de Acc1: cliente há 101 dias"
    );
}

#[test]
fn no_touch_fires_by_tier_and_never_for_tech_touch() {
    let with = |id, tier: &str, last: Option<&str>, since: Option<&str>| BookAccount {
        tier: Some(tier.into()),
        last_touch: last.map(d),
        customer_since: since.map(d),
        ..account(id, &format!("Acc{id}"))
    };
    let b = book(vec![
        with(1, "high_touch", Some("2026-05-01"), None), // 40 ≥ 30: fires
        with(2, "mid_touch", Some("2026-05-01"), None),  // 40 < 60: no
        with(3, "mid_touch", Some("2026-04-11"), None),  // 60 ≥ 60: fires
        with(4, "tech_touch", None, None),               // never
        with(5, "high_touch", Some("2026-05-15"), None), // 26: no
        with(6, "high_touch", None, Some("2025-01-01")), // never touched, old customer: fires
        with(7, "high_touch", None, Some("2026-06-01")), // never touched, 9 days a customer: no
    ]);
    let got = fired(&b, "no_touch", Locale::En);
    let ids: Vec<(i64, &str)> = got.iter().map(|g| (g.0, g.1.as_str())).collect();
    assert_eq!(
        ids,
        vec![
            (1, "touch:2026-05-01"),
            (3, "touch:2026-04-11"),
            (6, "touch:none")
        ]
    );
    assert_eq!(got[0].2, d("2026-06-15"));
    assert_eq!(
        got[0].3,
        "Get in touch with Acc1: no touch for 40 days (last on 05/01/2026)"
    );
    assert_eq!(got[2].3, "Get in touch with Acc6: no touch recorded");
    let pt = fired(&b, "no_touch", Locale::PtBr);
    assert_eq!(
        pt[0].3,
        "Entrar em contato com Acc1: sem contato há 40 dias (último em 01/05/2026)"
    );
    assert_eq!(
        pt[2].3,
        "Entrar em contato com Acc6: nenhum contato registrado"
    );
}

#[test]
fn ticket_stale_fires_after_72_hours_unresolved() {
    let mut b = book(vec![account(1, "Acc1")]);
    b.tickets = vec![
        // To the start of 2026-06-10: 3 days 14 hours = 86 hours.
        OpenTicket {
            account_id: 1,
            key: "T-9".into(),
            opened_at: Instant::parse("2026-06-06T10:00:00Z").unwrap(),
        },
        // 48 hours: no.
        OpenTicket {
            account_id: 1,
            key: "#7".into(),
            opened_at: Instant::parse("2026-06-08T00:00:00Z").unwrap(),
        },
    ];
    let got = fired(&b, "ticket_stale", Locale::En);
    assert_eq!(
        got,
        vec![(
            1,
            "ticket:T-9".into(),
            d(TODAY),
            "Chase ticket T-9 of Acc1: unresolved for 86 hours".into()
        )]
    );
    assert_eq!(
        fired(&b, "ticket_stale", Locale::PtBr)[0].3,
        "Cobrar o chamado T-9 de Acc1: sem solução há 86 horas"
    );
}

fn usage_book() -> Book {
    let with = |id, active, licenses| BookAccount {
        usage: Some(UsageFact {
            month: Month::parse("2026-06").unwrap(),
            active_users: active,
            licenses,
        }),
        ..account(id, &format!("Acc{id}"))
    };
    book(vec![
        with(1, 40, 100), // 40 %
        with(2, 50, 100), // 50 %: not below 50 %
        with(3, 90, 100), // 90 %: at least 90 %
        with(4, 89, 100), // 89 %
        with(5, 12, 0),   // no licenses: no utilization
    ])
}

#[test]
fn low_adoption_fires_below_half_of_the_licenses() {
    let got = fired(&usage_book(), "low_adoption", Locale::En);
    assert_eq!(
        got,
        vec![(
            1,
            "adoption:2026-06".into(),
            d("2026-06-24"),
            "Drive adoption at Acc1: 40% of licenses in use".into()
        )]
    );
    assert_eq!(
        fired(&usage_book(), "low_adoption", Locale::PtBr)[0].3,
        "Impulsionar a adoção em Acc1: 40% das licenças em uso"
    );
}

#[test]
fn expansion_signal_fires_at_90_percent_of_the_licenses() {
    let got = fired(&usage_book(), "expansion_signal", Locale::En);
    assert_eq!(
        got,
        vec![(
            3,
            "expansion:2026-06".into(),
            d("2026-06-24"),
            "Offer more licenses to Acc3: 90% in use".into()
        )]
    );
    assert_eq!(
        fired(&usage_book(), "expansion_signal", Locale::PtBr)[0].3,
        "Oferecer mais licenças a Acc3: 90% em uso"
    );
}

#[test]
fn contraction_fires_on_a_fall_of_at_least_ten_percent() {
    let with = |id, before: i64, now: i64| BookAccount {
        mrr: Some(MrrFact {
            month: Month::parse("2026-06").unwrap(),
            now,
            before,
        }),
        ..account(id, &format!("Acc{id}"))
    };
    let b = book(vec![
        with(1, 100_000, 90_000), // exactly 10 %: fires
        with(2, 100_000, 91_000), // 9 %: no
        with(3, 100_000, 0),      // to zero: churn, not contraction
        with(4, 100_000, 120_000),
    ]);
    let got = fired(&b, "contraction", Locale::En);
    assert_eq!(
        got,
        vec![(
            1,
            "contraction:2026-06".into(),
            d("2026-06-15"),
            "Understand why Acc1 contracted: MRR from R$1,000.00 to R$900.00".into()
        )]
    );
    assert_eq!(
        fired(&b, "contraction", Locale::PtBr)[0].3,
        "Entender a contração de Acc1: MRR de R$ 1.000,00 para R$ 900,00"
    );
}

#[test]
fn a_switched_off_rule_and_changed_parameters_are_honoured() {
    let b = usage_book();
    let mut c = only("low_adoption", Locale::En);
    c.set("low_adoption.below=0.6").unwrap();
    // 40 % and 50 % are both below 60 %.
    assert_eq!(evaluate(&b, &c).len(), 2);
    c.set("low_adoption.enabled=false").unwrap();
    assert!(evaluate(&b, &c).is_empty());
    assert!(c.set("low_adoption.below=2").is_err());
    assert!(c.set("low_adoption.days=3").is_err());
    assert!(c.set("nope.days=3").is_err());
    assert!(c.set("no_touch.high_days=-1").is_err());
}

#[test]
fn choices_survive_a_save_and_a_load() {
    let store = Store::open_in_memory().unwrap();
    let mut c = load_config(&store.settings()).unwrap();
    // A database in reais (the default currency) titles in Portuguese.
    assert_eq!(c.language, Locale::PtBr);
    c.set("no_touch.high_days=21").unwrap();
    c.set("contraction.share=0.25").unwrap();
    c.set("ticket_stale.enabled=false").unwrap();
    c.set("language=en").unwrap();
    save_config(&store.settings(), &c).unwrap();
    let back = load_config(&store.settings()).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.days("no_touch", "high_days"), 21);
    assert_eq!(back.basis_points("contraction", "share"), 2500);
    assert!(!back.enabled("ticket_stale"));
}

// --- Through the store: at most one task per (rule, account, trigger), ever.

fn write(store: &mut Store, records: &[Record]) {
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .unwrap();
    for r in records {
        cs.write(r).unwrap();
    }
    cs.commit().unwrap();
}

fn nps(account: &str, date: &str, score: i64, who: &str) -> Record {
    Record::SurveyResponse(SurveyResponse {
        account: account.into(),
        date: d(date),
        kind: SurveyKind::Nps,
        score,
        respondent: Some(who.into()),
        comment: None,
    })
}

fn detractor_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    write(
        &mut store,
        &[
            Record::Account(Account {
                external_id: "A1".into(),
                name: "Padaria Pão Quente".into(),
                csm: Some("Ana Souza".into()),
                ..Default::default()
            }),
            nps("A1", "2026-06-08", 3, "joao@padaria.br"),
            // A promoter opens nothing.
            nps("A1", "2026-06-09", 10, "maria@padaria.br"),
        ],
    );
    store
}

fn evaluate_store(store: &mut Store) -> RunReport {
    let data = Dataset::load(store).unwrap();
    run(store, &data, d(TODAY)).unwrap()
}

fn open_tasks(store: &Store) -> Vec<StoredTask> {
    tasks(store, &TaskFilter::open(), d(TODAY)).unwrap()
}

#[test]
fn a_rule_opens_one_task_per_trigger_ever() {
    let mut store = detractor_store();
    let first = evaluate_store(&mut store);
    assert_eq!(first.opened.len(), 1);
    let open = open_tasks(&store);
    assert_eq!(open.len(), 1);
    let t = &open[0];
    assert_eq!(t.rule, "nps_detractor");
    assert!(t.trigger.starts_with("survey:"));
    assert_eq!(
        t.title,
        "Ligar para Padaria Pão Quente: NPS 3 em 08/06/2026"
    );
    assert_eq!(t.due_on, d("2026-06-10"));
    assert_eq!(t.csm, "Ana Souza");
    assert_eq!(t.created_on, Some(d(TODAY)));
    assert!(!t.overdue);

    // Evaluating again opens nothing.
    assert!(evaluate_store(&mut store).opened.is_empty());

    // Done, with the touch logged: still nothing new, and the call is an activity.
    let activity = close_task(
        &mut store,
        t.id,
        TaskStatus::Done,
        d(TODAY),
        Some("Spoke to João"),
        Some("call"),
    )
    .unwrap();
    assert!(activity.is_some());
    assert!(evaluate_store(&mut store).opened.is_empty());
    assert!(open_tasks(&store).is_empty());
    let done = tasks(
        &store,
        &TaskFilter {
            status: Some(TaskStatus::Done),
            ..TaskFilter::default()
        },
        d(TODAY),
    )
    .unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].done_on, Some(d(TODAY)));
    assert_eq!(done[0].notes, "Spoke to João");
    let records =
        crate::store::account_records::account_records(&store, done[0].account_id, "A1").unwrap();
    assert_eq!(records.activities.len(), 1);
    assert_eq!(records.activities[0].record.kind, "call");
    assert_eq!(records.activities[0].record.date, d(TODAY));
    assert_eq!(
        records.activities[0].record.notes.as_deref(),
        Some("Ligar para Padaria Pão Quente: NPS 3 em 08/06/2026: Spoke to João")
    );

    // A new detractor response is a new trigger: one new task.
    write(
        &mut store,
        &[nps("A1", "2026-06-09", 5, "pedro@padaria.br")],
    );
    assert_eq!(evaluate_store(&mut store).opened.len(), 1);
    let second = open_tasks(&store);
    assert_eq!(second.len(), 1);
    assert_eq!(
        second[0].title,
        "Ligar para Padaria Pão Quente: NPS 5 em 09/06/2026"
    );

    // Dismissed: not opened again either.
    close_task(
        &mut store,
        second[0].id,
        TaskStatus::Dismissed,
        d(TODAY),
        None,
        None,
    )
    .unwrap();
    assert!(evaluate_store(&mut store).opened.is_empty());
    assert!(open_tasks(&store).is_empty());
}

#[test]
fn undoing_the_rules_change_set_does_not_make_them_fire_again() {
    let mut store = detractor_store();
    let report = evaluate_store(&mut store);
    let id = report.import_id.unwrap();
    store.undo_import(id).unwrap();
    assert!(open_tasks(&store).is_empty());
    assert!(evaluate_store(&mut store).opened.is_empty());
}

#[test]
fn tasks_list_overdue_first_then_by_due_date() {
    let mut store = detractor_store();
    let today = d(TODAY);
    let a = add_task(
        &mut store,
        "A1",
        "Send the QBR deck",
        d("2026-06-20"),
        None,
        today,
    )
    .unwrap();
    let b = add_task(
        &mut store,
        "Padaria Pão Quente",
        "Chase the invoice",
        d("2026-06-01"),
        Some("Ana Souza"),
        today,
    )
    .unwrap();
    let c = add_task(
        &mut store,
        "A1",
        "Plan training",
        d("2026-06-12"),
        None,
        today,
    )
    .unwrap();
    let ids: Vec<(i64, bool)> = open_tasks(&store)
        .iter()
        .map(|t| (t.id, t.overdue))
        .collect();
    assert_eq!(ids, vec![(b, true), (c, false), (a, false)]);
    assert!(add_task(&mut store, "nobody", "x", today, None, today).is_err());
    assert!(add_task(&mut store, "A1", "  ", today, None, today).is_err());
    snooze_task(&mut store, b, d("2026-06-30"), today).unwrap();
    let ids: Vec<i64> = open_tasks(&store).iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![c, a, b]);
    let counts = open_task_counts(&store, today).unwrap();
    assert_eq!(
        counts.values().copied().collect::<Vec<_>>(),
        vec![TaskCounts {
            open: 3,
            overdue: 0
        }]
    );
    // A hand-made task's JSON names no rule.
    let json = serde_json::to_value(&open_tasks(&store)[0]).unwrap();
    for key in [
        "id",
        "account",
        "account_name",
        "rule",
        "trigger",
        "title",
        "due_on",
        "csm",
        "status",
        "created_on",
        "done_on",
        "overdue",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["account"], "A1");
    assert_eq!(json["rule"], "");
    assert_eq!(json["due_on"], "2026-06-12");
    assert_eq!(json["status"], "open");
}

#[test]
fn renewals_list_overdue_first_with_arr_and_open_tasks() {
    let mut store = Store::open_in_memory().unwrap();
    let acc = |id: &str, renewal: &str| {
        Record::Account(Account {
            external_id: id.into(),
            name: format!("Name {id}"),
            renewal_on: Some(d(renewal)),
            ..Default::default()
        })
    };
    let mrr = |id: &str, units: i64| {
        Record::Mrr(MrrRecord {
            account: id.into(),
            month: Month::parse("2026-06").unwrap(),
            mrr: Money::from_cents(units * 100),
        })
    };
    write(
        &mut store,
        &[
            acc("R1", "2026-08-01"),
            acc("R2", "2026-05-20"),
            acc("R3", "2026-12-01"),
            mrr("R1", 1_000),
            mrr("R2", 250),
            mrr("R3", 99),
        ],
    );
    let today = d(TODAY);
    add_task(&mut store, "R1", "Prepare", d("2026-06-01"), None, today).unwrap();
    let data = Dataset::load(&store).unwrap();
    let list = renewals(&store, &data, today, 90).unwrap();
    let got: Vec<(&str, i32, i64, u32, bool)> = list
        .iter()
        .map(|r| {
            (
                r.account.as_str(),
                r.days_left,
                r.arr.cents(),
                r.open_tasks,
                r.overdue,
            )
        })
        .collect();
    // R2 is 21 days overdue; R1 renews in 52 days with 12 × 1 000 of ARR; R3 is outside.
    assert_eq!(
        got,
        vec![
            ("R2", -21, 300_000, 0, true),
            ("R1", 52, 1_200_000, 1, false)
        ]
    );
    assert_eq!(list[1].overdue_tasks, 1);
}

#[test]
fn the_calendar_files_parse_with_one_all_day_event_each() {
    let mut store = detractor_store();
    let today = d(TODAY);
    add_task(
        &mut store,
        "A1",
        "Send the QBR deck",
        d("2026-06-20"),
        None,
        today,
    )
    .unwrap();
    let list = open_tasks(&store);
    let text = ics::tasks_calendar(&list, today, Locale::En);
    let again = ics::tasks_calendar(&list, today, Locale::En);
    // The same tasks give the same file: stable UIDs and timestamps.
    assert_eq!(text, again);
    let unfolded = icalendar::parser::unfold(&text);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), 1);
    let e = events[0];
    let prop = |name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.to_string())
            .unwrap()
    };
    assert_eq!(prop("UID"), format!("task-{}@tenure", list[0].id));
    assert_eq!(prop("SUMMARY"), "Send the QBR deck");
    assert_eq!(prop("DTSTART"), "20260620");
    assert_eq!(prop("DTEND"), "20260621");
    assert!(text.contains("DTSTART;VALUE=DATE:20260620"));

    write(
        &mut store,
        &[
            Record::Account(Account {
                external_id: "R1".into(),
                name: "Renova Ltda".into(),
                renewal_on: Some(d("2026-08-01")),
                ..Default::default()
            }),
            Record::Mrr(MrrRecord {
                account: "R1".into(),
                month: Month::parse("2026-06").unwrap(),
                mrr: Money::from_cents(100_000),
            }),
        ],
    );
    let data = Dataset::load(&store).unwrap();
    let r = renewals(&store, &data, today, 90).unwrap();
    assert_eq!(r.len(), 1);
    let text = ics::renewals_calendar(&r, today, Locale::En, "BRL");
    let unfolded = icalendar::parser::unfold(&text);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
    assert_eq!(cal.components.len(), 1);
    let e = &cal.components[0];
    assert_eq!(e.name, "VEVENT");
    let prop = |name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.to_string())
            .unwrap()
    };
    assert_eq!(
        prop("UID"),
        format!("renewal-{}-2026-08-01@tenure", r[0].account_id)
    );
    // TEXT values escape commas (RFC 5545 §3.3.11).
    assert_eq!(
        prop("SUMMARY").replace("\\,", ","),
        "Renewal: Renova Ltda (ARR R$12,000.00)"
    );
    assert_eq!(prop("DTSTART"), "20260801");
}

#[test]
fn the_responses_list_links_a_detractor_to_the_task_the_rule_opened_for_it() {
    let mut store = detractor_store();
    let day = |t: &str| d(t);
    let before = store
        .responses(day("2026-06-01"), day("2026-06-30"))
        .unwrap();
    assert!(before.iter().all(|r| r.task.is_none()));
    evaluate_store(&mut store);
    let task = open_tasks(&store).remove(0);
    let after = store
        .responses(day("2026-06-01"), day("2026-06-30"))
        .unwrap();
    // The NPS 3 of the 8th is the one the rule fired for (its trigger is
    // `survey:ID`); the promoter's 10 has no task.
    let linked: Vec<(i64, Option<i64>)> = after
        .iter()
        .map(|r| (r.score, r.task.as_ref().map(|t| t.id)))
        .collect();
    assert!(linked.contains(&(3, Some(task.id))), "{linked:?}");
    assert!(linked.contains(&(10, None)), "{linked:?}");
    let t = after.iter().find_map(|r| r.task.clone()).unwrap();
    assert_eq!(
        (t.title.as_str(), t.due_on, t.status.as_str()),
        (
            "Ligar para Padaria Pão Quente: NPS 3 em 08/06/2026",
            d("2026-06-10"),
            "open"
        )
    );
    assert_eq!(
        task.trigger,
        format!("survey:{}", after.iter().find(|r| r.score == 3).unwrap().id)
    );
}

/// The rules' tasks are not read by the metrics engine, so the tasks they
/// open must not make the metrics snapshot stale (store/content_tag.rs);
/// a record the engine reads still does.
#[test]
fn tasks_the_rules_open_keep_the_content_tag_records_change_it() {
    let mut store = detractor_store();
    let before = store.content_tag().unwrap();
    assert_eq!(evaluate_store(&mut store).opened.len(), 1);
    assert_eq!(store.content_tag().unwrap(), before);
    write(&mut store, &[nps("A1", "2026-06-10", 2, "ana@padaria.br")]);
    let after_survey = store.content_tag().unwrap();
    assert_ne!(after_survey, before);
    // The new detractor opens a second task: the tag stays.
    assert_eq!(evaluate_store(&mut store).opened.len(), 1);
    assert_eq!(store.content_tag().unwrap(), after_survey);
}
