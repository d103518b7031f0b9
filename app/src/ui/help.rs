//! The Help button: opens the user guide (docs/guide) in the system browser,
//! offline, in the person's language. The guide is looked for where the
//! package installs it, beside a tar.gz's binary, then in the source tree.

use crate::format::Locale;
use std::path::{Path, PathBuf};

/// The Help button's words (i18n/en.rs and pt_br.rs, `HELP`).
#[derive(Debug)]
pub struct HelpTr {
    pub button: &'static str,
    pub tooltip: &'static str,
    pub not_found_title: &'static str,
    /// Before the list of places looked in.
    pub not_found_body: &'static str,
    pub close: &'static str,
}

/// Where the guide's `index.html` for `locale` may be, in order: beside the
/// executable's prefix (`/usr/bin/tenure` → `/usr/share/doc/tenure/guide`,
/// and the same inside an unpacked tar.gz), the system folder, then the
/// source tree this binary was built from (`cargo run`).
pub fn candidates(locale: Locale, exe: Option<&Path>) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Some(prefix) = exe.and_then(Path::parent).and_then(Path::parent) {
        roots.push(prefix.join("share/doc/tenure/guide"));
    }
    if cfg!(unix) {
        roots.push(PathBuf::from("/usr/share/doc/tenure/guide"));
    }
    roots.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/guide"));
    let mut out: Vec<PathBuf> = Vec::new();
    for root in roots {
        let page = root.join(locale.code()).join("index.html");
        if !out.contains(&page) {
            out.push(page);
        }
    }
    out
}

/// The first guide page that exists: the person's language first, else the
/// other one (a guide in another language beats none).
pub fn find(locale: Locale, exe: Option<&Path>) -> Result<PathBuf, Vec<PathBuf>> {
    let other = match locale {
        Locale::En => Locale::PtBr,
        Locale::PtBr => Locale::En,
    };
    let mut looked = Vec::new();
    for l in [locale, other] {
        for page in candidates(l, exe) {
            if page.is_file() {
                // Shown and opened as a clean absolute path (no `..`).
                return Ok(std::fs::canonicalize(&page).unwrap_or(page));
            }
            looked.push(page);
        }
    }
    Err(looked)
}

fn not_found_id() -> egui::Id {
    egui::Id::unique("help_guide_not_found")
}

/// The button (for the top bar) and, when no guide was found, a window that
/// says where it was looked for.
pub fn button(ui: &mut egui::Ui, locale: Locale, tr: &HelpTr) {
    let ctx = ui.ctx().clone();
    if ui.button(tr.button).on_hover_text(tr.tooltip).clicked() {
        let exe = std::env::current_exe().ok();
        match find(locale, exe.as_deref()) {
            Ok(page) => ctx.open_url(egui::OpenUrl::new_tab(page.display().to_string())),
            Err(looked) => {
                let list: Vec<String> = looked.iter().map(|p| p.display().to_string()).collect();
                ctx.data_mut(|d| d.insert_temp(not_found_id(), list));
            }
        }
    }
    let looked: Option<Vec<String>> = ctx.data(|d| d.get_temp(not_found_id()));
    if let Some(looked) = looked {
        let mut open = true;
        egui::Modal::new(not_found_id().with("modal")).show(&ctx, |ui| {
            ui.heading(tr.not_found_title);
            ui.label(tr.not_found_body);
            for path in &looked {
                ui.label(egui::RichText::new(path).monospace());
            }
            if ui.button(tr.close).clicked() {
                open = false;
            }
        });
        if !open {
            ctx.data_mut(|d| d.remove::<Vec<String>>(not_found_id()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_layout_comes_first_then_system_then_source() {
        let exe = Path::new("/opt/tenure-0.1.0/bin/tenure");
        let c = candidates(Locale::PtBr, Some(exe));
        assert_eq!(
            c[0],
            PathBuf::from("/opt/tenure-0.1.0/share/doc/tenure/guide/pt-BR/index.html")
        );
        assert_eq!(
            c[1],
            PathBuf::from("/usr/share/doc/tenure/guide/pt-BR/index.html")
        );
        assert!(c[2].ends_with("../docs/guide/pt-BR/index.html"));
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn usr_bin_does_not_list_the_system_folder_twice() {
        let c = candidates(Locale::En, Some(Path::new("/usr/bin/tenure")));
        assert_eq!(
            c[0],
            PathBuf::from("/usr/share/doc/tenure/guide/en/index.html")
        );
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn finds_the_source_trees_guide_in_each_language() {
        // No executable: only the system folder and the source tree remain,
        // and the source tree has both languages.
        for locale in [Locale::En, Locale::PtBr] {
            let page = find(locale, None).expect("the source tree has the guide");
            assert!(
                page.ends_with(format!("{}/index.html", locale.code())),
                "{page:?}"
            );
        }
    }
}
