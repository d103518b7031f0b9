//! `tenure icp`, its profile commands, and the `icp_tier` segment of
//! `tenure metrics` and `tenure accounts`, end to end on demo data.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::tenure;
use serde_json::Value;
use std::path::Path;

fn ok_json(db: &Path, args: &[&str]) -> Value {
    let out = tenure(db, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn icp_json_profiles_and_the_tier_segment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = tenure(
        &db,
        &["demo", "--accounts", "300", "--months", "18", "--seed", "5"],
    );
    assert!(out.status.success());

    // Without a profile: no `accounts`, and the tier segment is refused in one sentence.
    let icp = ok_json(&db, &["icp", "--json"]);
    for key in ["profiles", "base", "discovery"] {
        assert!(icp.get(key).is_some(), "{key}");
    }
    assert!(icp.get("accounts").is_none());
    let row = &icp["discovery"][0];
    for key in [
        "attribute",
        "value",
        "accounts",
        "retention",
        "retention_low",
        "retention_high",
        "nrr_12m",
        "lifetime_revenue_mean",
        "health_mean",
        "nps",
        "onboard_days_median",
        "retention_lift",
        "too_few",
        "suggested",
    ] {
        assert!(row.get(key).is_some(), "{key}");
    }
    let refused = tenure(&db, &["metrics", "--where", "icp_tier=A"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("no primary ICP profile") && err.lines().count() == 1,
        "{err}"
    );

    // A one-criterion profile: tier A is exactly the Enterprise plan.
    let add = tenure(
        &db,
        &[
            "icp",
            "profile",
            "add",
            "Big",
            "--criterion",
            "plan in Enterprise:10",
        ],
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let icp = ok_json(&db, &["icp", "--json"]);
    assert_eq!(icp["profiles"][0]["name"], "Big");
    assert_eq!(icp["profiles"][0]["primary"], true);
    assert_eq!(
        icp["profiles"][0]["criteria"][0],
        serde_json::json!({"field": "plan", "condition": "one_of", "values": ["Enterprise"], "weight": 10})
    );
    let accounts = icp["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 300);
    let a_count = accounts.iter().filter(|a| a["tier"] == "A").count();
    assert!(
        accounts
            .iter()
            .all(|a| (a["tier"] == "A") == (a["fit"] == 100))
    );

    let by_tier = ok_json(&db, &["metrics", "--where", "icp_tier=A", "--json"]);
    let by_plan = ok_json(&db, &["metrics", "--where", "plan=Enterprise", "--json"]);
    assert_eq!(by_tier, by_plan);
    let groups = ok_json(&db, &["metrics", "--by", "icp_tier", "--json"]);
    let names: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["segment"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["A", "D"]);
    let listed = ok_json(&db, &["accounts", "--where", "icp_tier=A", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), a_count);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["plan"] == "Enterprise" && a["fit"] == 100 && a["icp_tier"] == "A")
    );

    // Editing, thresholds, primary and delete.
    assert!(
        tenure(
            &db,
            &[
                "icp",
                "profile",
                "edit",
                "big",
                "--criterion",
                "employees between 1000..:10"
            ]
        )
        .status
        .success()
    );
    assert!(
        tenure(&db, &["icp", "thresholds", "100,60,10"])
            .status
            .success()
    );
    let icp = ok_json(&db, &["icp", "--json"]);
    assert_eq!(
        icp["thresholds"],
        serde_json::json!({"a": 100, "b": 60, "c": 10})
    );
    assert!(
        tenure(&db, &["icp", "profile", "delete", "Big"])
            .status
            .success()
    );
    let gone = tenure(&db, &["icp", "profile", "primary", "Big"]);
    assert_eq!(gone.status.code(), Some(2));
    let bad = tenure(
        &db,
        &["icp", "profile", "add", "X", "--criterion", "plan is Pro"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a criterion"));
}
