//! Issue 20, trust on first use: a library outside the bundled folders is
//! "not trusted yet" (none of its code runs) until `tenure plugins trust`
//! or the Plugins view's Trust button records its SHA-256; when its bytes
//! change it waits again. Bundled plugins are trusted by where they are.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tenure::importing::trust_store::sha256_of;

const TENURE: &str = env!("CARGO_BIN_EXE_tenure");

#[path = "../../tests/support/plugin_libs.rs"]
mod plugin_libs;

/// The same build as `plugin_isolation.rs` (one build serves both).
fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        plugin_libs::build(
            "e2e-plugins",
            &[
                "tenure-plugin-example",
                "tenure-test-plugin-misbehaving",
                "tenure-plugin-example-jsonl",
                "tenure-plugin-surveymonkey",
            ],
            true,
        )
    })
}

/// A folder of plugins of one's own (as `~/.local/share/tenure/plugins`
/// would be), with copies of the misbehaving plugin (id
/// `test-misbehaving`) and of the one that crashes in `info`.
struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new() -> Folder {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plugins = dir.path().join("plugins");
        std::fs::create_dir(&plugins).unwrap();
        std::fs::set_permissions(&plugins, std::fs::Permissions::from_mode(0o755)).unwrap();
        for name in ["tenure_test_misbehaving", "tenure_test_segv_info"] {
            let lib = plugin_libs::lib_in(plugin_dir(), name);
            let copy = plugins.join(lib.file_name().unwrap());
            std::fs::copy(&lib, &copy).unwrap();
            std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        Folder { dir }
    }

    fn lib(&self, name: &str) -> PathBuf {
        self.dir
            .path()
            .join("plugins")
            .join(format!("lib{name}.so"))
    }

    fn trust_file(&self) -> PathBuf {
        self.dir.path().join("data/tenure/trusted-plugins.json")
    }

    fn tenure(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(TENURE)
            .arg("--db")
            .arg(self.dir.path().join("t.db"))
            .args(args)
            .env("TENURE_PLUGIN_PATH", self.dir.path().join("plugins"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("TENURE_PLUGIN_ISOLATION")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn listing(&self) -> serde_json::Value {
        let (code, out, err) = self.tenure(&["plugins", "--json"]);
        assert_eq!(code, 0, "{out}{err}");
        serde_json::from_str(&out).unwrap()
    }
}

fn ids(listing: &serde_json::Value) -> Vec<String> {
    listing["plugins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

fn untrusted(listing: &serde_json::Value) -> Vec<serde_json::Value> {
    listing["untrusted"].as_array().unwrap().clone()
}

#[test]
fn a_new_library_waits_for_trust_and_a_changed_one_waits_again() {
    let folder = Folder::new();
    let lib = folder.lib("tenure_test_misbehaving");
    let crashing = folder.lib("tenure_test_segv_info");
    let sha = sha256_of(&lib).unwrap();

    // New: listed with its path and hash, not loaded. The library that
    // crashes in `info` is not listed as crashed: none of its code ran.
    let listed = folder.listing();
    assert!(!ids(&listed).contains(&"test-misbehaving".to_string()));
    assert!(
        ids(&listed).contains(&"csv".to_string()),
        "bundled plugins load without any trust: {listed}"
    );
    let waiting = untrusted(&listed);
    assert_eq!(waiting.len(), 2, "{listed}");
    let entry = waiting
        .iter()
        .find(|u| Path::new(u["path"].as_str().unwrap()) == lib)
        .unwrap();
    assert_eq!(entry["sha256"], sha.as_str());
    assert_eq!(entry["name"], "tenure_test_misbehaving");
    assert_eq!(entry["trusted_before"], serde_json::Value::Null);
    assert_eq!(
        entry["reason"],
        "is not trusted yet: no code of it runs until you trust it (`tenure plugins trust tenure_test_misbehaving`, or Trust in the Plugins view)"
    );
    assert!(listed["failed"].as_array().unwrap().is_empty(), "{listed}");
    // The table says so too, with the hash.
    let (_, text, _) = folder.tenure(&["plugins"]);
    assert!(
        text.contains(
            "Not trusted yet (none of their code ran; `tenure plugins trust NAME` trusts one):\n  tenure_test_misbehaving: is not trusted yet"
        ),
        "{text}"
    );
    assert!(text.contains(&format!("    SHA-256 {sha}\n")), "{text}");
    // Importing with it names the reason.
    let file = folder.dir.path().join("f.ok");
    std::fs::write(&file, "x\n").unwrap();
    let (code, _, err) = folder.tenure(&[
        "import",
        "--plugin",
        "tenure_test_misbehaving",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!(
            "the plugin `tenure_test_misbehaving` ({}) is not trusted yet",
            lib.display()
        )),
        "{err}"
    );

    // Trusted by its name: it loads, and the trust file keeps path, hash, id.
    let (code, out, err) = folder.tenure(&["plugins", "trust", "tenure_test_misbehaving"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.trim(),
        format!(
            "Trusted {} (SHA-256 {sha}): plugin `test-misbehaving` loads from now on.",
            lib.display()
        )
    );
    let kept: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.trust_file()).unwrap()).unwrap();
    assert_eq!(
        kept["libraries"],
        serde_json::json!([{"path": lib, "sha256": sha, "id": "test-misbehaving"}])
    );
    let listed = folder.listing();
    assert!(ids(&listed).contains(&"test-misbehaving".to_string()));
    assert_eq!(untrusted(&listed).len(), 1, "only the other one waits");

    // Changed: one byte more (the library still loads once trusted again).
    let mut bytes = std::fs::read(&lib).unwrap();
    bytes.push(0);
    std::fs::write(&lib, &bytes).unwrap();
    let changed = sha256_of(&lib).unwrap();
    assert_ne!(changed, sha);
    let listed = folder.listing();
    assert!(!ids(&listed).contains(&"test-misbehaving".to_string()));
    let entry = untrusted(&listed)
        .into_iter()
        .find(|u| Path::new(u["path"].as_str().unwrap()) == lib)
        .unwrap();
    assert_eq!(entry["name"], "test-misbehaving", "the id it had");
    assert_eq!(entry["trusted_before"]["sha256"], sha.as_str());
    assert_eq!(
        entry["reason"],
        format!(
            "is not trusted yet: it changed since it was trusted (SHA-256 {} then, {} now); trust it again (`tenure plugins trust test-misbehaving`) if you expected the change",
            &sha[..12],
            &changed[..12]
        )
    );
    // Trusted again by its path.
    let (code, out, _) = folder.tenure(&["plugins", "trust", lib.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(ids(&folder.listing()).contains(&"test-misbehaving".to_string()));

    // The one that crashes in `info`: trusted, then it runs and fails to
    // load (exit 1), listed under "Failed to load" with the reason.
    let (code, out, _) = folder.tenure(&["plugins", "trust", "tenure_test_segv_info"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with(&format!("Trusted {} (SHA-256 ", crashing.display())),
        "{out}"
    );
    assert!(
        out.contains("but it does not load: crashed (segmentation fault) while saying what it is"),
        "{out}"
    );
    let listed = folder.listing();
    assert!(untrusted(&listed).is_empty(), "{listed}");
    assert_eq!(listed["failed"].as_array().unwrap().len(), 1, "{listed}");
}

#[test]
fn trusting_a_name_nobody_has_is_an_error_and_a_bundled_plugin_needs_nothing() {
    let folder = Folder::new();
    let (code, _, err) = folder.tenure(&["plugins", "trust", "nosuch"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        "No library waiting for trust is called `nosuch`; those waiting are: tenure_test_misbehaving, tenure_test_segv_info."
    );
    assert!(!folder.trust_file().exists(), "nothing written");
    let (code, out, _) = folder.tenure(&["plugins", "trust", "csv"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("`csv` (")
            && out
                .trim_end()
                .ends_with(") is already trusted and loaded; nothing to do."),
        "{out}"
    );
    assert!(
        !folder.trust_file().exists(),
        "bundled plugins are not recorded"
    );
}

#[test]
fn a_damaged_trust_file_trusts_nothing_and_says_where_it_is() {
    let folder = Folder::new();
    let lib = folder.lib("tenure_test_misbehaving");
    std::fs::create_dir_all(folder.trust_file().parent().unwrap()).unwrap();
    let text = format!(
        "{{\"version\": 1, \"libraries\": [{{\"path\": \"{}\", \"sha256\": \"{}\"}}",
        lib.display(),
        sha256_of(&lib).unwrap()
    );
    std::fs::write(folder.trust_file(), &text).unwrap();
    let listed = folder.listing();
    assert!(!ids(&listed).contains(&"test-misbehaving".to_string()));
    let entry = &untrusted(&listed)[0];
    let reason = entry["reason"].as_str().unwrap();
    assert!(
        reason.starts_with(&format!(
            "is not trusted yet: the trust file {} is damaged (line 1, column {}:",
            folder.trust_file().display(),
            text.len()
        )),
        "{reason}"
    );
    let (code, _, err) = folder.tenure(&["plugins", "trust", "tenure_test_misbehaving"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("Nothing was trusted: the trust file"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(folder.trust_file()).unwrap(), text);
}

#[cfg(feature = "gui")]
mod window {
    use super::*;
    use egui_kittest::kittest::Queryable;
    use std::time::{Duration, Instant};
    use tenure::format::Locale;
    use tenure::importing::SearchDir;
    use tenure::ui::import_jobs::PluginSource;
    use tenure::ui::model::View;

    fn harness(
        folder: &Folder,
        locale: Locale,
    ) -> egui_kittest::Harness<'static, tenure::ui::TenureApp> {
        tenure::importing::isolation::set_runner(Some(PathBuf::from(TENURE)));
        let prefs = tenure::ui::Prefs {
            locale,
            view: View::Plugins,
            ..tenure::ui::Prefs::default()
        };
        let mut app = tenure::ui::TenureApp::new(folder.dir.path().join("ui.db"), prefs);
        // Set before the first frame: the Plugins view asks for the list at once.
        app.data.plugin_source = PluginSource::Search {
            dirs: vec![SearchDir {
                path: folder.dir.path().join("plugins"),
                only_bundled: false,
                bundled: false,
            }],
            trust_file: folder.trust_file(),
        };
        app.data.chooser = std::sync::Arc::new(tenure::ui::file_choice::NoDialog);
        egui_kittest::Harness::builder()
            .with_size(egui::vec2(1400.0, 1000.0))
            .with_accessibility_check(false)
            .build_ui_state(|ui, app: &mut tenure::ui::TenureApp| app.ui(ui), app)
    }

    fn wait(
        h: &mut egui_kittest::Harness<'static, tenure::ui::TenureApp>,
        what: &str,
        done: &dyn Fn(&tenure::ui::TenureApp) -> bool,
    ) {
        let start = Instant::now();
        while !done(h.state()) {
            h.step();
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        h.run_steps(3);
    }

    #[test]
    fn ui_the_trust_button_shows_path_and_hash_and_loads_the_plugin() {
        let folder = Folder::new();
        let lib = folder.lib("tenure_test_misbehaving");
        let sha = sha256_of(&lib).unwrap();
        let mut h = harness(&folder, Locale::En);
        wait(&mut h, "the plugin list", &|a| {
            a.data.plugins.list.is_some()
        });
        h.get_by_label("Not trusted yet");
        h.get_by_label(&lib.display().to_string());
        h.get_by_label(&sha);
        assert_eq!(
            h.query_all_by_label("New: it has never been trusted.")
                .count(),
            2
        );
        assert!(h.query_by_label("test-misbehaving").is_none());
        // Both wait; the first Trust button is the misbehaving plugin's
        // (the folder's libraries in name order).
        h.get_all_by_label("Trust").next().unwrap().click();
        wait(&mut h, "the trust", &|a| a.data.plugins.trusted.is_some());
        wait(&mut h, "the new list", &|a| {
            a.data
                .plugins
                .list
                .as_ref()
                .is_some_and(|l| l.plugins.iter().any(|p| p.id == "test-misbehaving"))
        });
        h.get_by_label(&format!(
            "Trusted {}: plugin `test-misbehaving` is loaded.",
            lib.display()
        ));
        // Loaded: in the table, and its hash in the trust file.
        h.get_by_label("test-misbehaving");
        let kept = std::fs::read_to_string(folder.trust_file()).unwrap();
        assert!(kept.contains(&sha), "{kept}");
        assert_eq!(h.query_all_by_label("Trust").count(), 1, "one still waits");
    }

    #[test]
    fn ui_the_untrusted_section_in_portuguese() {
        let folder = Folder::new();
        let mut h = harness(&folder, Locale::PtBr);
        wait(&mut h, "the plugin list", &|a| {
            a.data.plugins.list.is_some()
        });
        h.get_by_label("Ainda não confiáveis");
        assert_eq!(
            h.query_all_by_label("Nova: nunca foi marcada como confiável.")
                .count(),
            2
        );
        assert_eq!(h.query_all_by_label("Confiar").count(), 2);
    }
}
