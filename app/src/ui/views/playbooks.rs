//! Playbooks (issue 21): each rule with its switch and parameters, said in
//! words, and how many tasks it would open today; the language of the
//! titles rules write.

use super::super::TenureApp;
use super::super::i18n::fill;
use super::super::i18n::playbooks::PlaybooksTr;
use super::super::playbooks_jobs::PbCmd;
use super::today::{request, write};
use crate::format::{self, Locale};
use crate::playbooks::{PARAM_KINDS, ParamKind, RULES};
use egui::RichText;

fn kind_of(param: &str) -> ParamKind {
    PARAM_KINDS
        .iter()
        .find(|(n, _)| *n == param)
        .map_or(ParamKind::Days, |(_, k)| *k)
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    request(app);
    let locale = app.prefs.locale;
    let t = PlaybooksTr::get(locale);
    ui.heading(RichText::new(t.view_playbooks).size(22.0).strong());
    ui.label(RichText::new(t.playbooks_intro).weak());
    if let Some((m, error)) = &app.pb.message {
        let color = if *error {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().weak_text_color()
        };
        ui.colored_label(color, m);
    }
    let (Some(snapshot), Some(mut config)) = (app.pb.snapshot.clone(), app.pb.config.clone())
    else {
        ui.spinner();
        return;
    };
    // The preview follows the edited choices (worked out off the UI thread).
    let preview = match &app.pb.preview {
        Some((c, p)) if *c == config => Some(*p),
        _ => None,
    };
    let preview_pending =
        preview.is_none() && app.pb.preview.as_ref().is_none_or(|(c, _)| *c != config);
    let shown = preview.unwrap_or(snapshot.preview);
    let mut save = false;
    egui::ScrollArea::vertical()
        .id_salt("playbooks_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(t.titles_in);
                egui::ComboBox::from_id_salt("pb_language")
                    .selected_text(match config.language {
                        Locale::En => "English",
                        Locale::PtBr => "Português (Brasil)",
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut config.language, Locale::En, "English");
                        ui.selectable_value(
                            &mut config.language,
                            Locale::PtBr,
                            "Português (Brasil)",
                        );
                    });
            });
            for (i, rule) in RULES.iter().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        let mut on = config.enabled(rule.id);
                        let label = RichText::new(t.rule_names[i]).strong().size(15.0);
                        if ui.checkbox(&mut on, label).changed() {
                            let _ = config.set(&format!("{}.enabled={on}", rule.id));
                        }
                        let text = fill(
                            t.preview,
                            &[
                                ("n", &format::integer(shown.matching[i] as i64, locale)),
                                ("m", &format::integer(shown.new[i] as i64, locale)),
                            ],
                        );
                        ui.label(RichText::new(text).weak());
                    });
                    // The rule in words, with its parameters' current values.
                    let values: Vec<(String, String)> = rule
                        .params
                        .iter()
                        .map(|(p, _)| {
                            let v = config.param(rule.id, p);
                            let shown = match kind_of(p) {
                                ParamKind::Fraction { .. } => format::percent(v, 0, locale),
                                _ => format::integer(v.round() as i64, locale),
                            };
                            (p.to_string(), shown)
                        })
                        .collect();
                    let pairs: Vec<(&str, &str)> = values
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    ui.label(fill(t.rule_words[i], &pairs));
                    ui.horizontal_wrapped(|ui| {
                        for (p, _) in rule.params {
                            ui.label(RichText::new(t.param_name(p)).weak());
                            match kind_of(p) {
                                ParamKind::Fraction { max } => {
                                    let mut pct = config.param(rule.id, p) * 100.0;
                                    let drag = egui::DragValue::new(&mut pct)
                                        .range(0.0..=max * 100.0)
                                        .speed(1.0)
                                        .suffix(" %");
                                    if ui.add(drag).changed() {
                                        let _ =
                                            config.set(&format!("{}.{p}={}", rule.id, pct / 100.0));
                                    }
                                }
                                kind => {
                                    let max = if kind == ParamKind::Hours {
                                        87_600
                                    } else {
                                        3_650
                                    };
                                    let mut n = config.days(rule.id, p);
                                    let drag = egui::DragValue::new(&mut n).range(0..=max);
                                    if ui.add(drag).changed() {
                                        let _ = config.set(&format!("{}.{p}={n}", rule.id));
                                    }
                                }
                            }
                            ui.add_space(10.0);
                        }
                    });
                });
                ui.add_space(4.0);
            }
            ui.add_space(6.0);
            let changed = Some(&config) != Some(&snapshot.config);
            save = ui
                .add_enabled(changed && !app.pb.busy, egui::Button::new(t.save))
                .clicked();
        });
    if preview_pending && config != snapshot.config && !app.pb.busy {
        app.pb.preview = Some((config.clone(), shown));
        app.send(super::super::worker::Cmd::Playbooks(PbCmd::Preview(
            Box::new(config.clone()),
        )));
    }
    if save {
        write(app, PbCmd::SaveConfig(Box::new(config.clone())));
    }
    app.pb.config = Some(config);
}
