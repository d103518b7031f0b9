#![allow(clippy::unwrap_used, clippy::expect_used)]
//! An account's monthly fee (the `mrr` field of account rows) becomes its
//! subscription: the first fee from `customer_since`, a changed fee from
//! the import's month (an expansion or a contraction of the difference),
//! the same fee a no-op, and undo takes it all back. Figures worked by hand.

mod common;

use common::{account, dump};
use tenure::domain::{Date, Money, Month, Record};
use tenure::metrics::{Dataset, Query};
use tenure::store::{ChangeSetMeta, Store, WriteSummary};

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn fee(id: &str, since: Option<&str>, cents: i64) -> Record {
    let mut a = account(id, &format!("Company {id}"));
    a.customer_since = since.map(d);
    a.mrr = Some(Money::from_cents(cents));
    Record::Account(a)
}

/// One import of `records` on day `as_of`, committed.
fn import(store: &mut Store, as_of: &str, records: &[Record]) -> WriteSummary {
    let mut meta = ChangeSetMeta::new("csv", "sheet");
    meta.as_of = d(as_of);
    let mut cs = store.change_set(meta).unwrap();
    for r in records {
        cs.write(r).unwrap_or_else(|e| panic!("{r:?}: {e:?}"));
    }
    cs.commit().unwrap()
}

fn report(store: &Store, month: &str) -> tenure::metrics::MetricsReport {
    Dataset::load(store)
        .unwrap()
        .report(&Query::month(m(month)))
        .unwrap()
}

fn subscriptions(store: &Store) -> Vec<(String, String, Option<String>, i64)> {
    store
        .conn()
        .prepare(
            "SELECT external_id, start, \"end\", amount_cents FROM subscription ORDER BY start, id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_fee_opens_a_subscription_and_a_changed_fee_moves_mrr_by_the_difference() {
    let mut store = Store::open_in_memory().unwrap();
    // March 2025: A pays 100.00 since 2024-01-15, B 200.00 since
    // 2024-06-01, C 50.00 with no start date (from the import's month).
    let first = import(
        &mut store,
        "2025-03-10",
        &[
            fee("A", Some("2024-01-15"), 10_000),
            fee("B", Some("2024-06-01"), 20_000),
            fee("C", None, 5_000),
        ],
    );
    assert_eq!(first.inserted, 3);
    let subs = subscriptions(&store);
    assert_eq!(subs.len(), 3);
    assert_eq!(
        (subs[0].1.as_str(), subs[0].2.as_deref(), subs[0].3),
        ("2024-01-15", None, 10_000)
    );
    assert_eq!((subs[1].1.as_str(), subs[1].3), ("2024-06-01", 20_000));
    assert_eq!((subs[2].1.as_str(), subs[2].3), ("2025-03-01", 5_000));
    // Feb 2025: A and B only, 300.00; March adds C as new MRR: 350.00.
    assert_eq!(report(&store, "2025-02").mrr, Money::from_cents(30_000));
    let march = report(&store, "2025-03");
    assert_eq!(march.mrr, Money::from_cents(35_000));
    assert_eq!(march.new_mrr, Money::from_cents(5_000));
    // January 2024: A's first month, 100.00 of new MRR.
    assert_eq!(report(&store, "2024-01").new_mrr, Money::from_cents(10_000));
    let after_first = dump(&store);

    // May 2025: A pays 150.00 (+50), B 120.00 (−80), C the same 50.00.
    let second = import(
        &mut store,
        "2025-05-20",
        &[
            fee("A", Some("2024-01-15"), 15_000),
            fee("B", Some("2024-06-01"), 12_000),
            fee("C", None, 5_000),
        ],
    );
    assert_eq!((second.updated, second.unchanged), (2, 1));
    // April keeps the old fees; May moves by the differences.
    assert_eq!(report(&store, "2025-04").mrr, Money::from_cents(35_000));
    let may = report(&store, "2025-05");
    assert_eq!(may.mrr, Money::from_cents(15_000 + 12_000 + 5_000));
    assert_eq!(may.expansion_mrr, Money::from_cents(5_000));
    assert_eq!(may.contraction_mrr, Money::from_cents(8_000));
    assert_eq!(may.new_mrr, Money::from_cents(0));
    // MRR(May) = MRR(Apr) + expansion − contraction.
    assert_eq!(may.mrr.cents(), 35_000 + 5_000 - 8_000);
    let subs = subscriptions(&store);
    assert_eq!(subs.len(), 5, "{subs:?}");
    let a_old = subs.iter().find(|s| s.1 == "2024-01-15").unwrap();
    assert_eq!(a_old.2.as_deref(), Some("2025-05-01"));
    assert_eq!(
        subs.iter()
            .filter(|s| s.1 == "2025-05-01")
            .map(|s| s.3)
            .collect::<Vec<_>>(),
        vec![15_000, 12_000]
    );
    let after_second = dump(&store);

    // The same file again (a week later): nothing changes.
    let third = import(
        &mut store,
        "2025-05-27",
        &[
            fee("A", Some("2024-01-15"), 15_000),
            fee("B", Some("2024-06-01"), 12_000),
            fee("C", None, 5_000),
        ],
    );
    assert_eq!((third.inserted, third.updated, third.unchanged), (0, 0, 3));
    assert_eq!(dump(&store), after_second);

    // Undo of the second import closes nothing and opens nothing any more.
    let second_id = second.import_id.unwrap();
    let third_id = third.import_id.unwrap();
    store.undo_import(third_id).unwrap();
    store.undo_import(second_id).unwrap();
    assert_eq!(dump(&store), after_first);
    assert_eq!(report(&store, "2025-05").mrr, Money::from_cents(35_000));
    // And undo of the first leaves an empty database.
    store.undo_import(first.import_id.unwrap()).unwrap();
    assert!(subscriptions(&store).is_empty());
    assert_eq!(dump(&store), "");
}

#[test]
fn a_churn_date_ends_the_fee_and_a_fee_in_its_first_month_is_corrected_in_place() {
    let mut store = Store::open_in_memory().unwrap();
    let mut a = account("A", "Alfa");
    a.customer_since = Some(d("2025-01-10"));
    a.churned_on = Some(d("2025-04-15"));
    a.mrr = Some(Money::from_cents(9_990));
    import(&mut store, "2025-06-02", &[Record::Account(a.clone())]);
    // Jan–Mar at 99.90; April's last day is after the churn: 0, churned.
    assert_eq!(report(&store, "2025-03").mrr, Money::from_cents(9_990));
    let april = report(&store, "2025-04");
    assert_eq!(april.mrr, Money::from_cents(0));
    assert_eq!(april.churned_mrr, Money::from_cents(9_990));
    // A new fee after the churn bills nothing.
    a.mrr = Some(Money::from_cents(50_000));
    import(&mut store, "2025-06-03", &[Record::Account(a)]);
    assert_eq!(subscriptions(&store).len(), 1);
    assert_eq!(report(&store, "2025-03").mrr, Money::from_cents(9_990));

    // B has no start date: its fee starts in the import's month, and a
    // second fee that month replaces it rather than adding a change.
    import(&mut store, "2025-06-05", &[fee("B", None, 10_000)]);
    import(&mut store, "2025-06-20", &[fee("B", None, 12_500)]);
    let b: Vec<_> = subscriptions(&store)
        .into_iter()
        .filter(|s| s.1 == "2025-06-01")
        .collect();
    assert_eq!(b.len(), 1, "{b:?}");
    assert_eq!(b[0].3, 12_500);
    let june = report(&store, "2025-06");
    assert_eq!(june.new_mrr, Money::from_cents(12_500));
    assert_eq!(june.expansion_mrr, Money::from_cents(0));
}

/// `--map mrr=COLUMN` on the command line: a column no alias names becomes
/// the fee, and the metrics see its subscriptions.
#[test]
fn cli_map_mrr_takes_a_column_of_any_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("carteira.csv");
    std::fs::write(
        &file,
        "Código;Nome da empresa;Cobrança;Cliente desde\n7;Loja Azul;1.000,00;10/01/2025\n8;Loja Verde;250,25;05/02/2025\n",
    )
    .unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let host = tenure::importing::PluginHost::load_files(&[common::csv_plugin()]);
    let args = tenure::cli::import::ImportArgs {
        files: vec![file],
        map: vec!["mrr=Cobrança".into()],
        locale: Some("pt-BR".into()),
        json: true,
        ..Default::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = tenure::cli::import::run_with(&mut store, &host, &args, &mut out, &mut err).unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    // January: Loja Azul's 1.000,00; February adds Loja Verde's 250,25.
    assert_eq!(report(&store, "2025-01").mrr, Money::from_cents(100_000));
    let feb = report(&store, "2025-02");
    assert_eq!(feb.mrr, Money::from_cents(125_025));
    assert_eq!(feb.new_mrr, Money::from_cents(25_025));
    let fees: Vec<Option<i64>> = store
        .conn()
        .prepare("SELECT mrr_cents FROM account ORDER BY external_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(fees, vec![Some(100_000), Some(25_025)]);
}
