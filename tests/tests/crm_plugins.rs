//! The CRM importers as the app loads them: real plugin libraries (built
//! once per test binary into target/e2e-crm-plugins, beside the generic csv
//! and excel importers), detection ranking, and imports into a real
//! database, including re-import idempotence and stored values.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tenure::importing::{Choice, PluginHost, read_head};

const CRATES: [&str; 7] = [
    "csv",
    "excel",
    "hubspot",
    "salesforce",
    "pipedrive",
    "agendor",
    "rdstation",
];

#[path = "../support/import_env.rs"]
mod import_env;
#[path = "../support/plugin_libs.rs"]
mod plugin_libs;
use import_env::Env;
use plugin_libs::workspace_root;

/// Builds the plugin libraries (once) and returns their paths.
fn libraries() -> &'static [PathBuf] {
    static LIBS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    LIBS.get_or_init(|| plugin_libs::build_bundled("e2e-crm-plugins", &CRATES))
}

fn host() -> PluginHost {
    let host = PluginHost::load_files(libraries());
    assert!(host.failures.is_empty(), "{:?}", host.failures);
    host
}

/// `shared/data` beside the repository (CI) or above the work tree.
fn shared(rel: &str) -> PathBuf {
    let mut dir = workspace_root();
    loop {
        let candidate = dir.join("shared/data");
        if candidate.is_dir() {
            return candidate.join(rel);
        }
        assert!(dir.pop(), "shared/data not found above the workspace");
    }
}

const HUBSPOT_COMPANIES: &str = "\
Record ID,Company name,Company Domain Name,Industry,Number of Employees,Country/Region,City,Company owner,Lifecycle Stage,Create Date
5001,Acme Corp,acme.com,COMPUTER_SOFTWARE,120,United States,San Jose,Ana Lima,Customer,2023-01-10 09:30
5002,Beta Ltda,beta.com.br,RETAIL,8,Brazil,São Paulo,Bruno Costa,Customer,2022-05-03 11:00
";

const HUBSPOT_DEALS: &str = "\
Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal owner,Deal Type,Associated Company IDs
9001,Acme expansion,Closed Won,Sales Pipeline,1500.50,2025-01-15 00:00,2024-11-02 10:00,Ana Lima,New Business,5001
9002,Beta upgrade,Contract Sent,Sales Pipeline,800,2025-03-20 00:00,2024-12-01 10:00,Bruno Costa,New Business,5002
";

const PIPEDRIVE_DEALS: &str = "\
Deal - ID,Deal - Title,Deal - Organization,Deal - Value,Deal - Currency,Deal - Status,Deal - Won time
101,Acme upgrade,Acme Inc,1200.5,BRL,Won,2024-11-15 16:20:00
";

const RD_DEALS: &str = "\
Nome,Empresa,Funil de vendas,Etapa,Estado,Valor recorrente,Data de criação
Plano Pro,Padaria,Funil Padrão,Proposta,Em andamento,300,02/01/2025
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn each_export_goes_to_its_vendor_not_to_the_generic_importers() {
    let host = host();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            shared("crm-samples/salesforce-dataloader/accountData.csv"),
            "salesforce",
        ),
        (
            shared("crm-samples/salesforce-dataloader/opportunityData.csv"),
            "salesforce",
        ),
        (shared("crm-samples/agendor/empresa-6000.xlsx"), "agendor"),
        (
            write(dir.path(), "companies.csv", HUBSPOT_COMPANIES),
            "hubspot",
        ),
        (write(dir.path(), "deals.csv", HUBSPOT_DEALS), "hubspot"),
        (write(dir.path(), "pd.csv", PIPEDRIVE_DEALS), "pipedrive"),
        (write(dir.path(), "rd.csv", RD_DEALS), "rdstation"),
    ];
    for (path, vendor) in &cases {
        let head = read_head(path).unwrap();
        let answers = host.detect(path, &head);
        let of = |id: &str| {
            answers
                .iter()
                .find(|d| d.plugin == id)
                .and_then(|d| d.confidence)
                .unwrap_or(0)
        };
        let generic = of("csv").max(of("excel"));
        assert!(
            generic > 0,
            "{}: the generic importers see a table",
            path.display()
        );
        assert!(of(vendor) > generic, "{}: {answers:?}", path.display());
        for other in ["hubspot", "salesforce", "pipedrive", "agendor", "rdstation"] {
            if other != *vendor {
                assert_eq!(of(other), 0, "{} claimed by {other}", path.display());
            }
        }
        assert!(
            matches!(host.choose(path, &head), Choice::Chosen(p) if p.info.id == *vendor),
            "{}",
            path.display()
        );
    }
    // A plain accounts CSV still goes to the generic importer.
    let plain = write(
        dir.path(),
        "plain.csv",
        "Customer ID,Name,Plan\n1,Acme,Pro\n",
    );
    let head = read_head(&plain).unwrap();
    assert!(matches!(host.choose(&plain, &head), Choice::Chosen(p) if p.info.id == "csv"));
}

#[test]
fn hubspot_companies_and_deals_land_and_reimport_updates_in_place() {
    let mut env = Env::new(host());
    let dir = tempfile::tempdir().unwrap();
    let companies = write(dir.path(), "companies.csv", HUBSPOT_COMPANIES);
    let deals = write(dir.path(), "deals.csv", HUBSPOT_DEALS);
    // Deals given first: accounts are imported first anyway.
    let (code, reports) = env.import(&[&deals, &companies]);
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(reports[0]["plugin"], "hubspot", "{}", reports[0]);
    assert_eq!(reports[0]["kind"], "account");
    assert_eq!(Env::counts(&reports[0]), (Some(2), Some(0), Some(0)));
    assert_eq!(reports[1]["kind"], "opportunity");
    assert_eq!(Env::counts(&reports[1]), (Some(2), Some(0), Some(0)));

    let conn = env.store.conn();
    let acme: (String, Option<String>, Option<i64>, Option<String>, String, String) = conn
        .query_row(
            "SELECT name, domain, employees, city, status, custom FROM account WHERE external_id = '5001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        acme,
        (
            "Acme Corp".into(),
            Some("acme.com".into()),
            Some(120),
            Some("San Jose".into()),
            "active".into(),
            r#"{"Create Date":"2023-01-10 09:30","Lifecycle Stage":"Customer"}"#.into()
        )
    );
    let csm: String = conn
        .query_row(
            "SELECT c.name FROM account a JOIN csm c ON c.id = a.csm_id WHERE a.external_id = '5002'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(csm, "Bruno Costa");
    let won: (String, String, String, i64, String, Option<String>) = conn
        .query_row(
            "SELECT a.external_id, o.kind, o.status, o.amount_cents, o.created_on, o.closed_on FROM opportunity o JOIN account a ON a.id = o.account_id WHERE o.external_id = '9001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        won,
        (
            "5001".into(),
            "new".into(),
            "won".into(),
            150_050,
            "2024-11-02".into(),
            Some("2025-01-15".into())
        )
    );

    // The same export again: nothing changes.
    let (code, reports) = env.import(&[&companies, &deals]);
    assert_eq!(code, 0);
    for r in &reports {
        assert_eq!(Env::counts(r), (Some(0), Some(0), Some(2)), "{r}");
    }
    // A later export where the open deal was won: updated in place.
    let later = HUBSPOT_DEALS.replace(
        "Contract Sent,Sales Pipeline,800,2025-03-20",
        "Closed Won,Sales Pipeline,800,2025-03-20",
    );
    let deals2 = write(dir.path(), "deals-later.csv", &later);
    let (code, reports) = env.import(&[&deals2]);
    assert_eq!(code, 0);
    assert_eq!(Env::counts(&reports[0]), (Some(0), Some(1), Some(1)));
    let (status, closed): (String, Option<String>) = env
        .store
        .conn()
        .query_row(
            "SELECT status, closed_on FROM opportunity WHERE external_id = '9002'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), closed.as_deref()),
        ("won", Some("2025-03-20"))
    );
    assert_eq!(
        env.store
            .conn()
            .query_row("SELECT count(*) FROM opportunity", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        2
    );
}

#[test]
fn salesforce_sample_with_prospects_imports_whole() {
    let mut env = Env::new(host());
    let accounts = shared("crm-samples/salesforce-dataloader/accountData.csv");
    let (code, reports) = env.import(&[&accounts]);
    // The three `Prospect` rows are prospects: the whole file lands.
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(reports[0]["plugin"], "salesforce");
    assert_eq!(reports[0]["inserted"], 423, "{reports:?}");
    let count = |sql: &str| -> i64 { env.store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM account"), 423);
    assert_eq!(
        count("SELECT count(*) FROM account WHERE status = 'prospect'"),
        3
    );
    let name: String = env
        .store
        .conn()
        .query_row(
            "SELECT name FROM account WHERE external_id = '001x0000002xLDgAAM'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "Crédito Inmobiliario Terras");
    // Prospects are in no customer figure: the engine sets them apart.
    let data = tenure::metrics::Dataset::load(&env.store).unwrap();
    assert_eq!(data.account_count(), 420);
    assert_eq!(data.prospects().len(), 3);
}

#[test]
fn the_crm_libraries_pass_the_plugin_self_test() {
    let host = host();
    for id in ["hubspot", "salesforce", "pipedrive", "agendor", "rdstation"] {
        let plugin = host.get(id).unwrap_or_else(|| panic!("{id} loaded"));
        let checks = tenure::importing::self_test(plugin);
        assert!(!checks.is_empty());
        let failed: Vec<_> = checks.iter().filter(|c| !c.passed).collect();
        assert!(failed.is_empty(), "{id}: {failed:?}");
    }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn no_crm_importer_claims_the_other_real_files() {
    let host = host();
    let mut files = Vec::new();
    for rel in ["csv", "saas-sample", "spreadsheets"] {
        files_under(&shared(rel), &mut files);
    }
    files_under(
        &workspace_root().join("crates/tabular/tests/fixtures"),
        &mut files,
    );
    assert!(files.len() > 100, "{}", files.len());
    let mut claimed = Vec::new();
    for path in &files {
        let head = read_head(path).unwrap();
        for d in host.detect(path, &head) {
            if !["csv", "excel"].contains(&d.plugin.as_str()) && d.confidence.unwrap_or(0) > 0 {
                claimed.push(format!(
                    "{} by {} ({:?})",
                    path.display(),
                    d.plugin,
                    d.confidence
                ));
            }
        }
    }
    assert!(claimed.is_empty(), "{claimed:#?}");
}
