//! Prospects (data-model.md) end to end, through the real binary and the
//! real CSV importer: adding prospects, with tickets, activities and
//! survey answers of their own, changes no customer figure of `metrics
//! --json` (nor its segments, the workload books or the ICP's discovery
//! base); they are counted apart, listed by `accounts --where
//! status=prospect`, ranked by `icp --json`, and one that gets revenue
//! becomes a customer from its first revenue month.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const TENURE: &str = env!("CARGO_BIN_EXE_tenure");

#[path = "../../tests/support/plugin_libs.rs"]
mod plugin_libs;

/// The generic CSV importer (the same build as canonical_import.rs).
fn plugin_path() -> String {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        plugin_libs::build(
            "e2e-canonical-plugins",
            &["tenure-plugin-csv", "tenure-plugin-excel"],
            false,
        )
    });
    plugin_libs::lib_in(dir, "tenure_plugin_csv")
        .to_string_lossy()
        .into_owned()
}

fn tenure(db: &Path, args: &[&str]) -> String {
    let out = Command::new(TENURE)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TENURE_PLUGIN_PATH", plugin_path())
        .env("TENURE_LANG", "en")
        .env_remove("TENURE_DB")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "tenure {args:?}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn json(db: &Path, args: &[&str]) -> Value {
    let text = tenure(db, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// `v` without the prospect keys, at any depth.
fn customers_only(mut v: Value) -> Value {
    match &mut v {
        Value::Object(m) => {
            m.remove("prospects");
            m.remove("prospect_conversions");
            for x in m.values_mut() {
                *x = customers_only(x.take());
            }
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                *x = customers_only(x.take());
            }
        }
        _ => {}
    }
    v
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn import(db: &Path, file: &Path, kind: &str) {
    tenure(db, &["import", file.to_str().unwrap(), "--kind", kind]);
}

#[test]
fn prospects_change_no_customer_metric_and_are_counted_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    tenure(
        &db,
        &["demo", "--accounts", "60", "--months", "14", "--seed", "5"],
    );
    let first = json(&db, &["metrics", "--json"]);
    let m = first["period"]["to"].as_str().unwrap().to_string();
    let views: [Vec<&str>; 4] = [
        vec!["metrics", "--json"],
        vec!["metrics", "--json", "--by", "plan"],
        vec!["metrics", "--json", "--from", "2000-01", "--to", &m],
        vec!["workload", "--json"],
    ];
    let before: Vec<Value> = views.iter().map(|a| json(&db, a)).collect();
    let base_before = json(&db, &["icp", "--json"])["base"].clone();
    assert_eq!(before[0]["prospects"], 0);

    // Three prospects, one of each way a file says it, with records that a
    // customer would have: none of it may reach a customer figure.
    let dir = dir.path();
    let accounts = write(
        dir,
        "leads.csv",
        "external_id,name,industry,plan,status,employees\n\
         P1,Lead One,Software,Pro,prospect,40\n\
         P2,Lead Two,Retail,Starter,Lead,300\n\
         P3,Lead Três,Software,Pro,Cliente em potencial,12\n",
    );
    import(&db, &accounts, "account");
    let day = format!("{m}-10");
    let tickets = write(
        dir,
        "t.csv",
        &format!("account,opened_at,category\nP1,{day}T09:00,billing\nP2,{day}T10:00,bug\n"),
    );
    import(&db, &tickets, "ticket");
    let acts = write(
        dir,
        "a.csv",
        &format!("account,date,kind,minutes\nP1,{day},call,30\nP3,{day},meeting,60\n"),
    );
    import(&db, &acts, "activity");
    let answers = write(
        dir,
        "s.csv",
        &format!("account,date,kind,score\nP1,{day},nps,0\nP2,{day},nps,0\nP3,{day},nps,1\n"),
    );
    import(&db, &answers, "survey_response");

    let after: Vec<Value> = views.iter().map(|a| json(&db, a)).collect();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(customers_only(b.clone()), customers_only(a.clone()));
    }
    assert_eq!(json(&db, &["icp", "--json"])["base"], base_before);
    assert_eq!(after[0]["prospects"], 3);
    assert_eq!(after[0]["prospect_conversions"], 0);
    // The segments count their own prospects: P1 and P3 are Pro, P2 Starter.
    let by_plan = after[1].as_array().unwrap();
    let of = |plan: &str| {
        by_plan
            .iter()
            .find(|s| s["segment"] == plan)
            .map(|s| s["prospects"].clone())
    };
    assert_eq!(of("Pro"), Some(Value::from(2)));
    assert_eq!(of("Starter"), Some(Value::from(1)));

    // Listed, searchable by status, with no MRR or health.
    let listed = json(&db, &["accounts", "--where", "status=prospect", "--json"]);
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["external_id"].as_str().unwrap())
        .collect();
    // By name, as every account list: Lead One, Lead Três, Lead Two.
    assert_eq!(ids, ["P1", "P3", "P2"]);
    assert!(listed[0]["mrr"].is_null() && listed[0]["health"].is_null());
    assert_eq!(listed[2]["status"], "prospect");

    // Ranked by the primary profile's fit, best first, with what each
    // meets and misses (no MRR yet: a criterion on it is missed).
    tenure(
        &db,
        &[
            "icp",
            "profile",
            "add",
            "Core",
            "--criterion",
            "industry in Software:3",
            "--criterion",
            "employees between 10..100:1",
            "--criterion",
            "mrr between 1..:1",
            "--primary",
        ],
    );
    let icp = json(&db, &["icp", "--json"]);
    let ranked: Vec<(&str, u64, &str)> = icp["prospects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["external_id"].as_str().unwrap(),
                p["fit"].as_u64().unwrap(),
                p["tier"].as_str().unwrap(),
            )
        })
        .collect();
    // P1: Software, 40 → 4/5 = 80 (A); P3: Software, 12 → 80 (A), after P1
    // by name; P2: Retail, 300 → 0 (D).
    assert_eq!(ranked, [("P1", 80, "A"), ("P3", 80, "A"), ("P2", 0, "D")]);
    assert_eq!(
        icp["prospects"][0]["missed"],
        serde_json::json!(["mrr between 1..:1"])
    );
    assert_eq!(icp["base"], base_before);

    // Revenue makes P2 a customer from that month, and a conversion in it.
    let mrr = write(dir, "m.csv", &format!("account,month,mrr\nP2,{m},250\n"));
    import(&db, &mrr, "mrr");
    let now = json(&db, &["metrics", "--json"]);
    assert_eq!(now["prospects"], 2);
    assert_eq!(now["prospect_conversions"], 1);
    let was = &after[0];
    assert_eq!(
        now["active_accounts"].as_u64().unwrap(),
        was["active_accounts"].as_u64().unwrap() + 1
    );
    let p2 = json(&db, &["accounts", "--where", "external_id=P2", "--json"]);
    assert_eq!(p2[0]["status"], "active");
    assert_eq!(p2[0]["customer_since"], format!("{m}-01"));

    // A later file that calls P3 a customer converts it too (the store's
    // trace of the change), counted in the month of its `customer_since`.
    let again = write(
        dir,
        "leads2.csv",
        &format!(
            "external_id,name,industry,plan,status,employees,customer_since\n\
             P3,Lead Três,Software,Pro,active,12,{day}\n"
        ),
    );
    import(&db, &again, "account");
    let later = json(&db, &["metrics", "--json"]);
    assert_eq!(later["prospects"], 1);
    assert_eq!(later["prospect_conversions"], 2);
}
