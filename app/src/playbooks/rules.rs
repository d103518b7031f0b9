//! The nine rules, their parameters with the defaults of playbooks.md, and
//! a database's choices (switches, parameters, the titles' language),
//! stored as one settings entry that holds only what differs from the
//! defaults.

use super::PlaybookError;
use crate::format::Locale;
use crate::store::Settings;
use std::collections::BTreeMap;

/// The settings key of the playbook choices (a JSON object).
pub const SETTING: &str = "playbooks";

/// What a parameter measures, which says how it is read and shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamKind {
    /// A whole number of days (0–3650).
    Days,
    /// A whole number of hours (0–87600).
    Hours,
    /// A share written as a fraction (0.5 = 50 %), 0–`max`.
    Fraction { max: f64 },
}

/// The kind of each parameter name used by the rules.
pub const PARAM_KINDS: &[(&str, ParamKind)] = &[
    ("days", ParamKind::Days),
    ("reply_days", ParamKind::Days),
    ("due_days", ParamKind::Days),
    ("lead_days", ParamKind::Days),
    ("high_days", ParamKind::Days),
    ("mid_days", ParamKind::Days),
    ("hours", ParamKind::Hours),
    ("below", ParamKind::Fraction { max: 1.0 }),
    // Utilization may exceed 100 % (metrics.md).
    ("at_least", ParamKind::Fraction { max: 10.0 }),
    ("share", ParamKind::Fraction { max: 1.0 }),
];

fn kind_of(param: &str) -> ParamKind {
    PARAM_KINDS
        .iter()
        .find(|(n, _)| *n == param)
        .map_or(ParamKind::Days, |(_, k)| *k)
}

/// One rule: its id and its parameters with their defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleDef {
    pub id: &'static str,
    pub params: &'static [(&'static str, f64)],
}

/// The rules, in the order the window and `tenure playbooks` list them.
pub const RULES: [RuleDef; 9] = [
    RuleDef {
        id: "nps_detractor",
        params: &[("days", 30.0), ("reply_days", 2.0)],
    },
    RuleDef {
        id: "health_drop",
        params: &[("due_days", 3.0)],
    },
    RuleDef {
        id: "renewal_upcoming",
        params: &[("days", 90.0), ("lead_days", 60.0)],
    },
    RuleDef {
        id: "onboarding_overdue",
        params: &[("days", 60.0), ("due_days", 7.0)],
    },
    RuleDef {
        id: "no_touch",
        params: &[("high_days", 30.0), ("mid_days", 60.0), ("due_days", 5.0)],
    },
    RuleDef {
        id: "ticket_stale",
        params: &[("hours", 72.0)],
    },
    RuleDef {
        id: "low_adoption",
        params: &[("below", 0.5), ("due_days", 14.0)],
    },
    RuleDef {
        id: "expansion_signal",
        params: &[("at_least", 0.9), ("due_days", 14.0)],
    },
    RuleDef {
        id: "contraction",
        params: &[("share", 0.10), ("due_days", 5.0)],
    },
];

/// A database's playbook choices: every rule's switch and parameters, and
/// the language rule-made titles are written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    enabled: [bool; 9],
    values: [Vec<f64>; 9],
    pub language: Locale,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            enabled: [true; 9],
            values: std::array::from_fn(|i| RULES[i].params.iter().map(|(_, v)| *v).collect()),
            language: Locale::En,
        }
    }
}

fn rule_index(rule: &str) -> Option<usize> {
    RULES.iter().position(|r| r.id == rule)
}

impl Config {
    pub fn enabled(&self, rule: &str) -> bool {
        rule_index(rule).is_some_and(|i| self.enabled[i])
    }

    /// A parameter's value (its default when never changed; 0 for an
    /// unknown name, which no rule asks for).
    pub fn param(&self, rule: &str, param: &str) -> f64 {
        rule_index(rule)
            .and_then(|i| {
                let p = RULES[i].params.iter().position(|(n, _)| *n == param)?;
                self.values[i].get(p).copied()
            })
            .unwrap_or(0.0)
    }

    /// A whole-number parameter (days, hours).
    pub fn days(&self, rule: &str, param: &str) -> i32 {
        self.param(rule, param).round() as i32
    }

    /// A fraction parameter in basis points (exact comparisons on integers).
    pub fn basis_points(&self, rule: &str, param: &str) -> i64 {
        (self.param(rule, param) * 10_000.0).round() as i64
    }

    /// Sets `RULE.PARAM=VALUE` (`RULE.enabled=true|false`, or
    /// `language=en|pt-BR`), checking the rule, the parameter and the value.
    pub fn set(&mut self, assignment: &str) -> Result<(), PlaybookError> {
        let bad = |why: String| Err(PlaybookError::Invalid(why));
        let Some((key, value)) = assignment.split_once('=') else {
            return bad(format!(
                "`{assignment}` is not of the form RULE.PARAM=VALUE (for example nps_detractor.days=14)"
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "language" {
            return match Locale::parse(value) {
                Some(l) => {
                    self.language = l;
                    Ok(())
                }
                None => bad(format!("`{value}` is not a language; use en or pt-BR")),
            };
        }
        let Some((rule, param)) = key.split_once('.') else {
            return bad(format!(
                "`{key}` names no parameter; write RULE.PARAM (for example no_touch.high_days)"
            ));
        };
        let Some(i) = rule_index(rule) else {
            let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
            return bad(format!(
                "`{rule}` is not a rule; the rules are {}",
                ids.join(", ")
            ));
        };
        if param == "enabled" {
            self.enabled[i] = match value {
                "true" | "on" | "yes" | "1" => true,
                "false" | "off" | "no" | "0" => false,
                _ => return bad(format!("`{value}` is not true or false ({key})")),
            };
            return Ok(());
        }
        let Some(p) = RULES[i].params.iter().position(|(n, _)| *n == param) else {
            let names: Vec<&str> = RULES[i].params.iter().map(|(n, _)| *n).collect();
            return bad(format!(
                "`{param}` is not a parameter of {rule}; its parameters are enabled, {}",
                names.join(", ")
            ));
        };
        let parsed = match kind_of(param) {
            ParamKind::Days | ParamKind::Hours => {
                let max = if kind_of(param) == ParamKind::Hours {
                    87_600
                } else {
                    3_650
                };
                match value.parse::<i64>() {
                    Ok(n) if (0..=max).contains(&n) => n as f64,
                    _ => {
                        return bad(format!(
                            "{key} must be a whole number from 0 to {max}, not `{value}`"
                        ));
                    }
                }
            }
            ParamKind::Fraction { max } => match value.parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..=max).contains(&x) => x,
                _ => {
                    return bad(format!(
                        "{key} must be a fraction from 0 to {max} (0.5 = 50%), not `{value}`"
                    ));
                }
            },
        };
        self.values[i][p] = parsed;
        Ok(())
    }

    /// What differs from the defaults, as stored.
    fn to_json(&self) -> serde_json::Value {
        let defaults = Config::default();
        let mut out = BTreeMap::new();
        for (i, r) in RULES.iter().enumerate() {
            if self.enabled[i] != defaults.enabled[i] {
                out.insert(
                    format!("{}.enabled", r.id),
                    serde_json::json!(self.enabled[i]),
                );
            }
            for (p, (name, _)) in r.params.iter().enumerate() {
                if self.values[i][p] != defaults.values[i][p] {
                    let v = self.values[i][p];
                    let v = match kind_of(name) {
                        ParamKind::Fraction { .. } => serde_json::json!(v),
                        _ => serde_json::json!(v.round() as i64),
                    };
                    out.insert(format!("{}.{name}", r.id), v);
                }
            }
        }
        out.insert("language".into(), serde_json::json!(self.language.code()));
        serde_json::json!(out)
    }

    /// Reads stored choices; an entry this version does not know is
    /// ignored (a newer version may have written it).
    fn from_json(v: &serde_json::Value, fallback_language: Locale) -> Config {
        let mut c = Config {
            language: fallback_language,
            ..Config::default()
        };
        if let Some(map) = v.as_object() {
            for (k, v) in map {
                let text = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let _ = c.set(&format!("{k}={text}"));
            }
        }
        c
    }
}

/// The database's choices. Titles are in Portuguese for a database in
/// reais unless set otherwise, else in English.
pub fn load_config(settings: &Settings<'_>) -> Result<Config, PlaybookError> {
    let fallback = if settings.currency()? == "BRL" {
        Locale::PtBr
    } else {
        Locale::En
    };
    Ok(match settings.get(SETTING)? {
        Some(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => Config::from_json(&v, fallback),
            Err(_) => Config {
                language: fallback,
                ..Config::default()
            },
        },
        None => Config {
            language: fallback,
            ..Config::default()
        },
    })
}

pub fn save_config(settings: &Settings<'_>, config: &Config) -> Result<(), PlaybookError> {
    settings.set(SETTING, &config.to_json().to_string())?;
    Ok(())
}
