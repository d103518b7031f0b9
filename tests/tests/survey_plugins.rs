//! The survey-tool importers (google-forms, surveymonkey, delighted) as
//! built libraries, through the real host and store: detection against the
//! generic CSV plugin, exact stored values, re-import idempotence, UTF-8
//! and Latin-1 files, and Google Forms' score column picked once and
//! remembered. Fixtures are in each plugin's `tests/fixtures`, built to the
//! formats documented in the plugins' READMEs.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tenure::cli::import::{ImportArgs, run_with};
use tenure::importing::{Choice, PluginHost};
use tenure::store::Store;

#[path = "../support/plugin_libs.rs"]
mod plugin_libs;

fn root() -> PathBuf {
    plugin_libs::workspace_root()
}

/// Builds the plugins once.
fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        plugin_libs::build(
            "e2e-plugins",
            &[
                "tenure-plugin-example-jsonl",
                "tenure-plugin-csv",
                "tenure-plugin-google-forms",
                "tenure-plugin-surveymonkey",
                "tenure-plugin-delighted",
            ],
            false,
        )
    })
}

fn lib(name: &str) -> PathBuf {
    plugin_libs::lib_in(plugin_dir(), name)
}

fn host() -> PluginHost {
    let host = PluginHost::load_files(&[
        lib("tenure_plugin_example_jsonl"),
        lib("tenure_plugin_csv"),
        lib("tenure_plugin_google_forms"),
        lib("tenure_plugin_surveymonkey"),
        lib("tenure_plugin_delighted"),
    ]);
    assert!(host.failures.is_empty(), "{:?}", host.failures);
    host
}

fn fixture(plugin: &str, name: &str) -> PathBuf {
    root()
        .join("plugins")
        .join(plugin)
        .join("tests/fixtures")
        .join(name)
}

const ACCOUNTS: &str = "{\"kind\":\"account\",\"external_id\":\"A1\",\"name\":\"Alpha Ltda\"}
{\"kind\":\"account\",\"external_id\":\"A2\",\"name\":\"Beta SA\"}
{\"kind\":\"account\",\"external_id\":\"A3\",\"name\":\"Açaí & Cia\"}
";

struct Env {
    _dir: tempfile::TempDir,
    store: Store,
    host: PluginHost,
}

/// (account external id, date, kind, score, respondent, comment)
type Stored = (String, String, String, i64, Option<String>, Option<String>);

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        let accounts = dir.path().join("accounts.jsonl");
        std::fs::write(&accounts, ACCOUNTS).unwrap();
        let mut env = Env {
            _dir: dir,
            store,
            host: host(),
        };
        let (code, _) = env.import(&accounts, |_| {});
        assert_eq!(code, 0);
        env
    }

    fn import(
        &mut self,
        file: &Path,
        tweak: impl FnOnce(&mut ImportArgs),
    ) -> (u8, Vec<serde_json::Value>) {
        let mut args = ImportArgs {
            files: vec![file.to_path_buf()],
            json: true,
            ..ImportArgs::default()
        };
        tweak(&mut args);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_with(&mut self.store, &self.host, &args, &mut out, &mut err).unwrap();
        let reports = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (code, reports)
    }

    fn responses(&self) -> Vec<Stored> {
        let conn = self.store.conn();
        let mut stmt = conn
            .prepare(
                "SELECT a.external_id, s.date, s.kind, s.score, s.respondent, s.comment
                 FROM survey_response s JOIN account a ON a.id = s.account_id
                 ORDER BY s.date, a.external_id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }
}

fn row(
    account: &str,
    date: &str,
    kind: &str,
    score: i64,
    respondent: &str,
    comment: Option<&str>,
) -> Stored {
    (
        account.into(),
        date.into(),
        kind.into(),
        score,
        Some(respondent.into()),
        comment.map(str::to_string),
    )
}

/// Imports, checks the stored rows, imports again: nothing changes.
fn import_twice(env: &mut Env, file: &Path, expected: &[Stored]) {
    let (code, reports) = env.import(file, |_| {});
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(reports[0]["inserted"], expected.len(), "{}", reports[0]);
    assert_eq!(env.responses(), expected);
    let (code, reports) = env.import(file, |_| {});
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(
        (
            reports[0]["inserted"].as_u64(),
            reports[0]["updated"].as_u64(),
            reports[0]["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(expected.len() as u64)),
        "{}",
        reports[0]
    );
    assert_eq!(env.responses(), expected);
}

#[test]
fn each_tool_recognises_its_exports_above_the_csv_plugin() {
    let host = host();
    let cases = [
        ("google-forms", "nps_responses.csv"),
        ("google-forms", "pesquisa_latin1.csv"),
        ("surveymonkey", "nps_all_responses.csv"),
        ("surveymonkey", "csat_latin1.csv"),
        ("delighted", "delighted_nps.csv"),
        ("delighted", "delighted_csat_latin1.csv"),
    ];
    for (plugin, name) in cases {
        let path = fixture(plugin, name);
        let head = std::fs::read(&path).unwrap();
        let answers = host.detect(&path, &head);
        let of = |id: &str| {
            answers
                .iter()
                .find(|a| a.plugin == id)
                .and_then(|a| a.confidence)
                .unwrap()
        };
        let csv = of("csv");
        assert!(csv >= 45, "{name}: the CSV plugin reads it too ({csv})");
        assert!(
            of(plugin) >= csv + 30,
            "{name}: {plugin} {} vs csv {csv}",
            of(plugin)
        );
        for other in ["google-forms", "surveymonkey", "delighted"] {
            if other != plugin {
                assert!(of(other) < csv, "{name}: {other} claims it ({})", of(other));
            }
        }
        match host.choose(&path, &head) {
            Choice::Chosen(p) => assert_eq!(p.info.id, plugin, "{name}"),
            Choice::Ambiguous(a) => panic!("{name}: ambiguous {a:?}"),
        }
    }
}

#[test]
fn google_forms_english_export_stores_exact_values_once() {
    let mut env = Env::new();
    // Month-first timestamps (an English form); the NPS question names the scale.
    import_twice(
        &mut env,
        &fixture("google-forms", "nps_responses.csv"),
        &[
            row(
                "A1",
                "2025-01-15",
                "nps",
                9,
                "ana@alpha.com",
                Some("Great support"),
            ),
            row(
                "A2",
                "2025-01-20",
                "nps",
                6,
                "bruno@beta.com",
                Some("Slow, buggy exports"),
            ),
            row("A1", "2025-02-03", "nps", 10, "carla@alpha.com", None),
        ],
    );
}

#[test]
fn google_forms_score_column_is_picked_once_and_remembered() {
    let mut env = Env::new();
    let first = fixture("google-forms", "pesquisa_latin1.csv");
    // "Nota de 0 a 10" names no scale: the person is asked to choose.
    let (code, reports) = env.import(&first, |_| {});
    assert_eq!(code, 2);
    let message = reports[0]["problems"][0]["message"].as_str().unwrap();
    assert!(message.contains("--map score="), "{message}");
    assert!(message.contains("`Nota de 0 a 10`"), "{message}");
    assert!(env.responses().is_empty());

    let (code, reports) = env.import(&first, |a| {
        a.map = vec!["score=Nota de 0 a 10".into()];
        a.map_value = vec!["kind:*=nps".into()];
    });
    assert_eq!(code, 0, "{reports:?}");
    let expected = vec![
        row(
            "A3",
            "2025-01-15",
            "nps",
            8,
            "joao@acai.com.br",
            Some("Atendimento rápido"),
        ),
        row(
            "A1",
            "2025-02-28",
            "nps",
            4,
            "maria@alpha.com",
            Some("Preço alto"),
        ),
    ];
    assert_eq!(env.responses(), expected);

    // The next month's file has the same headers: no flags needed.
    let (code, reports) = env.import(
        &fixture("google-forms", "pesquisa_marco_latin1.csv"),
        |_| {},
    );
    assert_eq!(code, 0, "{reports:?}");
    assert!(reports[0]["mapping_reused"].is_string(), "{}", reports[0]);
    assert_eq!(reports[0]["inserted"], 1);
    let mut all = expected;
    all.push(row("A2", "2025-03-03", "nps", 10, "pedro@beta.com", None));
    assert_eq!(env.responses(), all);
}

#[test]
fn surveymonkey_exports_store_exact_values_once() {
    let mut env = Env::new();
    // Two header rows; the answer's date is the End Date; "10 - Extremely likely" is 10.
    import_twice(
        &mut env,
        &fixture("surveymonkey", "nps_all_responses.csv"),
        &[
            row(
                "A1",
                "2025-01-14",
                "nps",
                10,
                "ana@alpha.com",
                Some("Fast onboarding"),
            ),
            row("A2", "2025-01-21", "nps", 6, "bruno@beta.com", None),
        ],
    );
}

#[test]
fn surveymonkey_latin1_csat_labels_and_us_dates() {
    let mut env = Env::new();
    // 02/10/2025 proves nothing by itself: SurveyMonkey writes month first.
    // "Muito satisfeito" is 5; the account is found by its exact name.
    import_twice(
        &mut env,
        &fixture("surveymonkey", "csat_latin1.csv"),
        &[
            row("A3", "2025-02-10", "csat", 5, "joao@acai.com.br", None),
            row("A1", "2025-02-11", "csat", 2, "bia@alpha.com", None),
        ],
    );
}

#[test]
fn delighted_exports_store_exact_values_once() {
    let mut env = Env::new();
    import_twice(
        &mut env,
        &fixture("delighted", "delighted_nps.csv"),
        &[
            row(
                "A1",
                "2025-01-10",
                "nps",
                9,
                "ana@alpha.com",
                Some("Love it"),
            ),
            row(
                "A2",
                "2025-01-11",
                "nps",
                3,
                "bruno@beta.com",
                Some("Too expensive"),
            ),
        ],
    );
}

#[test]
fn delighted_latin1_with_a_survey_type_column() {
    let mut env = Env::new();
    import_twice(
        &mut env,
        &fixture("delighted", "delighted_csat_latin1.csv"),
        &[
            row(
                "A3",
                "2025-03-01",
                "csat",
                5,
                "joao@acai.com.br",
                Some("Ótimo atendimento"),
            ),
            row(
                "A1",
                "2025-03-02",
                "csat",
                1,
                "maria@alpha.com",
                Some("Demorou demais"),
            ),
        ],
    );
}

#[test]
fn an_out_of_scale_score_is_rejected_with_the_persons_line_and_column() {
    let mut env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("form.csv");
    std::fs::write(
        &file,
        "Timestamp,Email Address,Company,How likely are you to recommend us?\n\
         1/15/2025 10:00:00,a@alpha.com,Alpha Ltda,9\n\
         1/16/2025 10:00:00,b@beta.com,Beta SA,11\n\
         1/17/2025 10:00:00,c@nowhere.com,Nowhere Inc,7\n",
    )
    .unwrap();
    let (code, reports) = env.import(&file, |_| {});
    assert_eq!(code, 1, "{reports:?}");
    let messages: Vec<(u64, String, String)> = reports[0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "error")
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["column"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Only the score is an error: a company that matches no account makes
    // its response anonymous (issue #24), not rejected.
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].0, 3);
    assert_eq!(messages[0].1, "How likely are you to recommend us?");
    assert!(
        messages[0]
            .2
            .contains("line 3, column `How likely are you to recommend us?`: `11` is outside the NPS scale 0–10"),
        "{messages:?}"
    );
    // Rejected rows: nothing of the file is written.
    assert!(env.responses().is_empty());
}
