//! The effort model's parameters and the growth assumptions, with the
//! spec's defaults, stored as JSON in the settings table.

use serde::{Deserialize, Serialize};

/// Coverage tiers the model knows; any other or no tier counts as `Mid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum Tier {
    High,
    Mid,
    Tech,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::High, Tier::Mid, Tier::Tech];

    /// The data-model name (`high_touch`, …).
    pub fn name(self) -> &'static str {
        match self {
            Tier::High => "high_touch",
            Tier::Mid => "mid_touch",
            Tier::Tech => "tech_touch",
        }
    }

    /// An account's tier as the model counts it (spec: no tier is mid-touch;
    /// free text other than the three names counts as mid-touch too).
    pub fn of(text: Option<&str>) -> Tier {
        match text.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
            Some("high_touch") | Some("high-touch") | Some("high touch") => Tier::High,
            Some("tech_touch") | Some("tech-touch") | Some("tech touch") => Tier::Tech,
            _ => Tier::Mid,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One of the six factors: its setting name and its levels with their
/// default multipliers; `default` is the level whose multiplier is 1.0.
pub struct FactorSpec {
    pub key: &'static str,
    pub levels: &'static [(&'static str, f64)],
    pub default: usize,
}

/// The six factors of the spec, in its order.
pub const FACTORS: [FactorSpec; 6] = [
    FactorSpec {
        key: "product_complexity",
        levels: &[("low", 0.8), ("medium", 1.0), ("high", 1.3)],
        default: 1,
    },
    FactorSpec {
        key: "team_maturity",
        levels: &[("new", 1.2), ("established", 1.0), ("mature", 0.9)],
        default: 1,
    },
    FactorSpec {
        key: "tooling",
        levels: &[("little", 1.15), ("some", 1.0), ("strong", 0.85)],
        default: 1,
    },
    FactorSpec {
        key: "customer_expectations",
        levels: &[("low", 0.9), ("standard", 1.0), ("high", 1.2)],
        default: 1,
    },
    FactorSpec {
        key: "interaction_complexity",
        levels: &[("simple", 0.9), ("moderate", 1.0), ("complex", 1.25)],
        default: 1,
    },
    FactorSpec {
        key: "cs_goal",
        levels: &[("retention", 1.0), ("retention_and_expansion", 1.15)],
        default: 0,
    },
];

/// The effort model (hours a month an account needs) and the team figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// Base hours a month by tier (`high_touch`, `mid_touch`, `tech_touch`).
    pub base_hours: [f64; 3],
    /// Chosen level of each factor (index into `FACTORS[i].levels`).
    pub levels: [usize; 6],
    /// Multiplier of each factor's levels (editable; the spec's by default).
    pub multipliers: [[f64; 3]; 6],
    pub ticket_hours: f64,
    pub critical_multiplier: f64,
    /// Health below this is critical (metrics.md's band: 40).
    pub critical_below: u8,
    pub onboarding_hours: f64,
    pub onboarding_days: i32,
    /// Capacity of one CSM for "required CSMs" (hours a month).
    pub hours_per_csm: f64,
    pub target_utilization: f64,
    /// Accounts renewing within this many days never move.
    pub renewal_freeze_days: i32,
}

impl Default for Params {
    fn default() -> Self {
        let mut multipliers = [[1.0; 3]; 6];
        for (i, f) in FACTORS.iter().enumerate() {
            for (j, (_, m)) in f.levels.iter().enumerate() {
                multipliers[i][j] = *m;
            }
        }
        Params {
            base_hours: [6.0, 1.2, 0.25],
            levels: FACTORS.map(|f| f.default),
            multipliers,
            ticket_hours: 1.5,
            critical_multiplier: 1.5,
            critical_below: 40,
            onboarding_hours: 4.0,
            onboarding_days: 90,
            hours_per_csm: 120.0,
            target_utilization: 0.85,
            renewal_freeze_days: 30,
        }
    }
}

fn sane(v: f64, fallback: f64) -> f64 {
    if v.is_finite() && v >= 0.0 {
        v
    } else {
        fallback
    }
}

impl Params {
    /// The product of the six chosen multipliers.
    pub fn factor_product(&self) -> f64 {
        (0..FACTORS.len())
            .map(|i| self.multiplier(i))
            .product::<f64>()
    }

    pub fn multiplier(&self, factor: usize) -> f64 {
        let level = self.level(factor);
        self.multipliers
            .get(factor)
            .and_then(|m| m.get(level))
            .copied()
            .unwrap_or(1.0)
    }

    /// The chosen level of a factor, clamped to the levels it has.
    pub fn level(&self, factor: usize) -> usize {
        let n = FACTORS.get(factor).map_or(1, |f| f.levels.len());
        self.levels.get(factor).copied().unwrap_or(0).min(n - 1)
    }

    /// Replaces anything unusable read from the settings by its default.
    pub fn sanitized(mut self) -> Params {
        let d = Params::default();
        for i in 0..3 {
            self.base_hours[i] = sane(self.base_hours[i], d.base_hours[i]);
        }
        for f in 0..FACTORS.len() {
            self.levels[f] = self.level(f);
            for l in 0..3 {
                self.multipliers[f][l] = sane(self.multipliers[f][l], d.multipliers[f][l]);
            }
        }
        self.ticket_hours = sane(self.ticket_hours, d.ticket_hours);
        self.critical_multiplier = sane(self.critical_multiplier, d.critical_multiplier);
        self.critical_below = self.critical_below.min(100);
        self.onboarding_hours = sane(self.onboarding_hours, d.onboarding_hours);
        self.onboarding_days = self.onboarding_days.clamp(0, 3650);
        if !(self.hours_per_csm.is_finite() && self.hours_per_csm > 0.0) {
            self.hours_per_csm = d.hours_per_csm;
        }
        if !(self.target_utilization.is_finite() && self.target_utilization > 0.0) {
            self.target_utilization = d.target_utilization;
        }
        self.renewal_freeze_days = self.renewal_freeze_days.clamp(0, 3650);
        self
    }
}

/// Growth assumptions for the projection; `None` means "from the data"
/// (trailing twelve months, today's tier mix).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Assumptions {
    pub new_accounts_per_month: Option<f64>,
    /// Monthly logo churn as a fraction.
    pub monthly_churn: Option<f64>,
    /// Shares of new accounts by tier (normalized when used).
    pub tier_mix: Option<[f64; 3]>,
    /// Months projected (12–36).
    pub horizon_months: u32,
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            new_accounts_per_month: None,
            monthly_churn: None,
            tier_mix: None,
            horizon_months: 24,
        }
    }
}

impl Assumptions {
    pub fn sanitized(mut self) -> Assumptions {
        self.horizon_months = self.horizon_months.clamp(12, 36);
        self.new_accounts_per_month = self
            .new_accounts_per_month
            .filter(|v| v.is_finite() && *v >= 0.0);
        self.monthly_churn = self
            .monthly_churn
            .filter(|v| v.is_finite() && (0.0..=1.0).contains(v));
        self.tier_mix = self.tier_mix.filter(|m| {
            m.iter().all(|v| v.is_finite() && *v >= 0.0) && m.iter().sum::<f64>() > 0.0
        });
        self
    }
}

/// The model and assumptions in force, or saved under a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Scenario {
    pub name: String,
    pub params: Params,
    pub assumptions: Assumptions,
}

impl Scenario {
    pub fn sanitized(mut self) -> Scenario {
        self.params = self.params.sanitized();
        self.assumptions = self.assumptions.sanitized();
        self
    }
}

/// Settings key of the model and assumptions in force.
pub const MODEL_SETTING: &str = "workload_model";
/// Settings key of the saved scenarios (a JSON array).
pub const SCENARIOS_SETTING: &str = "workload_scenarios";

fn parse_number(key: &str, value: &str) -> Result<f64, String> {
    let v = value.trim().trim_end_matches('%');
    let n: f64 = v
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("`{key}={value}`: `{value}` is not a number"))?;
    if !n.is_finite() || n < 0.0 {
        return Err(format!("`{key}={value}`: give a number of 0 or more"));
    }
    // "85%" and "0.85" both mean 85 % for rates.
    Ok(if value.trim().ends_with('%') {
        n / 100.0
    } else {
        n
    })
}

fn tier_key(name: &str) -> Option<usize> {
    Tier::ALL.iter().position(|t| t.name() == name)
}

/// Every key `set` understands, for help and error messages.
pub fn setting_keys() -> Vec<String> {
    let mut keys: Vec<String> = Tier::ALL
        .iter()
        .map(|t| format!("base_hours.{}", t.name()))
        .collect();
    for f in &FACTORS {
        let levels: Vec<&str> = f.levels.iter().map(|(l, _)| *l).collect();
        keys.push(format!("{}={}", f.key, levels.join("|")));
        keys.push(format!("{}.LEVEL (multiplier)", f.key));
    }
    for k in [
        "ticket_hours",
        "critical_multiplier",
        "critical_below",
        "onboarding_hours",
        "onboarding_days",
        "hours_per_csm",
        "target_utilization",
        "renewal_freeze_days",
        "new_accounts_per_month",
        "monthly_churn",
        "tier_mix.high_touch",
        "tier_mix.mid_touch",
        "tier_mix.tech_touch",
        "horizon_months",
    ] {
        keys.push(k.to_string());
    }
    keys
}

impl Scenario {
    /// Applies one `KEY=VALUE` edit. `default` as the value restores the
    /// spec's default (for assumptions: "from the data").
    pub fn set(&mut self, key: &str, value: &str, data_mix: [f64; 3]) -> Result<(), String> {
        let key = key.trim();
        let value = value.trim();
        let reset = value.eq_ignore_ascii_case("default");
        let d = Params::default();
        let p = &mut self.params;
        let a = &mut self.assumptions;
        let num = || parse_number(key, value);
        if let Some(f) = FACTORS.iter().position(|f| f.key == key) {
            let spec = &FACTORS[f];
            p.levels[f] = if reset {
                spec.default
            } else {
                spec.levels
                    .iter()
                    .position(|(l, _)| l.eq_ignore_ascii_case(value))
                    .ok_or_else(|| {
                        let levels: Vec<&str> = spec.levels.iter().map(|(l, _)| *l).collect();
                        format!("`{key}` is one of {}; `{value}` is not", levels.join(", "))
                    })?
            };
            return Ok(());
        }
        if let Some((factor, level)) = key.split_once('.') {
            if let Some(f) = FACTORS.iter().position(|x| x.key == factor) {
                let l = FACTORS[f]
                    .levels
                    .iter()
                    .position(|(n, _)| *n == level)
                    .ok_or_else(|| format!("`{factor}` has no level `{level}`"))?;
                p.multipliers[f][l] = if reset { d.multipliers[f][l] } else { num()? };
                return Ok(());
            }
            if factor == "base_hours" {
                let t = tier_key(level).ok_or_else(|| {
                    format!("`{level}` is not a tier (high_touch, mid_touch, tech_touch)")
                })?;
                p.base_hours[t] = if reset { d.base_hours[t] } else { num()? };
                return Ok(());
            }
            if factor == "tier_mix" {
                let t = tier_key(level).ok_or_else(|| {
                    format!("`{level}` is not a tier (high_touch, mid_touch, tech_touch)")
                })?;
                if reset {
                    a.tier_mix = None;
                } else {
                    let mut mix = a.tier_mix.unwrap_or(data_mix);
                    mix[t] = num()?;
                    if mix.iter().sum::<f64>() <= 0.0 {
                        return Err("the tier mix needs at least one tier above 0".into());
                    }
                    a.tier_mix = Some(mix);
                }
                return Ok(());
            }
        }
        match key {
            "ticket_hours" => p.ticket_hours = if reset { d.ticket_hours } else { num()? },
            "critical_multiplier" => {
                p.critical_multiplier = if reset { d.critical_multiplier } else { num()? }
            }
            "critical_below" => {
                p.critical_below = if reset {
                    d.critical_below
                } else {
                    num()?.round().min(100.0) as u8
                }
            }
            "onboarding_hours" => {
                p.onboarding_hours = if reset { d.onboarding_hours } else { num()? }
            }
            "onboarding_days" => {
                p.onboarding_days = if reset {
                    d.onboarding_days
                } else {
                    num()?.round().min(3650.0) as i32
                }
            }
            "hours_per_csm" => {
                let v = if reset { d.hours_per_csm } else { num()? };
                if v <= 0.0 {
                    return Err("`hours_per_csm` must be above 0".into());
                }
                p.hours_per_csm = v;
            }
            "target_utilization" => {
                let v = if reset { d.target_utilization } else { num()? };
                // "85" means 85 %.
                let v = if v > 2.0 { v / 100.0 } else { v };
                if v <= 0.0 {
                    return Err("`target_utilization` must be above 0".into());
                }
                p.target_utilization = v;
            }
            "renewal_freeze_days" => {
                p.renewal_freeze_days = if reset {
                    d.renewal_freeze_days
                } else {
                    num()?.round().min(3650.0) as i32
                }
            }
            "new_accounts_per_month" => {
                a.new_accounts_per_month = if reset { None } else { Some(num()?) }
            }
            "monthly_churn" => {
                a.monthly_churn = if reset {
                    None
                } else {
                    let v = num()?;
                    let v = if v > 1.0 { v / 100.0 } else { v };
                    if v > 1.0 {
                        return Err(
                            "`monthly_churn` is a fraction from 0 to 1 (or a percentage)".into(),
                        );
                    }
                    Some(v)
                }
            }
            "horizon_months" => {
                let v = if reset { 24.0 } else { num()? };
                if !(12.0..=36.0).contains(&v) {
                    return Err("`horizon_months` is from 12 to 36".into());
                }
                a.horizon_months = v.round() as u32;
            }
            _ => {
                return Err(format!(
                    "`{key}` is not a workload setting; the settings are: {}",
                    setting_keys().join(", ")
                ));
            }
        }
        Ok(())
    }
}
