//! Eligibility (who should be on the roster) and priority (whose plan to write first),
//! both explainable: every result carries the reasons it was reached by. Pure.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::wareki::age_on;
use crate::model::*;

/// What eligibility and priority look at, from a person record or a roster row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Age in full years.
    pub age: u32,
    /// 要介護度.
    pub care_level: Option<CareLevel>,
    /// 身体障害者手帳 grade.
    pub physical_grade: Option<u8>,
    /// 療育手帳.
    pub intellectual: Option<IntellectualGrade>,
    /// 精神障害者保健福祉手帳 grade.
    pub mental_grade: Option<u8>,
    /// A power-dependent medical device is in use.
    pub power_device: bool,
    /// How the person moves.
    pub mobility: Option<Mobility>,
    /// Household.
    pub household: Option<HouseholdKind>,
    /// 浸水想定区域.
    pub flood: bool,
    /// 土砂災害警戒区域.
    pub landslide: bool,
    /// 津波浸水想定区域.
    pub tsunami: bool,
}

impl Facts {
    /// The facts of a person record, on `today`.
    pub fn of(p: &Person, today: NaiveDate) -> Facts {
        let age = NaiveDate::parse_from_str(&p.date_of_birth, "%Y-%m-%d")
            .map(|d| age_on(d, today))
            .unwrap_or(0);
        Facts {
            age,
            care_level: p.care_level,
            physical_grade: p.physical_disability.as_ref().map(|d| d.grade),
            intellectual: p.intellectual_disability_grade,
            mental_grade: p.mental_disability_grade,
            power_device: p.medical_devices.iter().any(|d| d.power_dependent),
            mobility: p.mobility,
            household: p.household,
            flood: p.hazard_zones.flood,
            landslide: p.hazard_zones.landslide,
            tsunami: p.hazard_zones.tsunami,
        }
    }
}

/// A criterion of the shared-information route, as stored in the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// `care-level`, `physical-disability`, `intellectual-a`, `alone-aged`,
    /// `power-device` or `hazard-zone`.
    pub rule: String,
    /// Whether it is applied.
    pub enabled: bool,
    /// Its number: the lowest 要介護 level, the highest 身体障害 grade, the lowest age.
    pub threshold: i64,
}

/// The rules' tokens and what their threshold means.
pub const RULES: &[(&str, &str)] = &[
    ("care-level", "要介護N以上 (N = threshold, 1–5)"),
    (
        "physical-disability",
        "身体障害者手帳 1級〜N級 (N = threshold, 1–6)",
    ),
    ("intellectual-a", "療育手帳A (threshold unused)"),
    ("alone-aged", "一人暮らしでN歳以上 (N = threshold)"),
    ("power-device", "電源を要する医療機器 (threshold unused)"),
    ("hazard-zone", "浸水・土砂・津波の区域内 (threshold unused)"),
];

fn care_number(c: CareLevel) -> i64 {
    match c {
        CareLevel::Support1 | CareLevel::Support2 => 0,
        CareLevel::Care1 => 1,
        CareLevel::Care2 => 2,
        CareLevel::Care3 => 3,
        CareLevel::Care4 => 4,
        CareLevel::Care5 => 5,
    }
}

/// The enabled rules `f` meets, each as a reason in Japanese.
pub fn eligibility(f: &Facts, rules: &[Rule]) -> Vec<String> {
    let mut out = Vec::new();
    for r in rules.iter().filter(|r| r.enabled) {
        let t = r.threshold;
        let reason = match r.rule.as_str() {
            "care-level" => f
                .care_level
                .filter(|c| care_number(*c) >= t.max(1))
                .map(|c| format!("{}（要介護{t}以上）", c.label())),
            "physical-disability" => f
                .physical_grade
                .filter(|g| i64::from(*g) <= t)
                .map(|g| format!("身体障害者手帳{g}級（{t}級以上）")),
            "intellectual-a" => {
                (f.intellectual == Some(IntellectualGrade::A)).then(|| "療育手帳A".to_string())
            }
            "alone-aged" => (f.household == Some(HouseholdKind::Alone) && i64::from(f.age) >= t)
                .then(|| format!("一人暮らし・{}歳（{t}歳以上）", f.age)),
            "power-device" => f.power_device.then(|| "電源を要する医療機器".to_string()),
            "hazard-zone" => (f.flood || f.landslide || f.tsunami).then(|| hazard_words(f)),
            _ => None,
        };
        out.extend(reason);
    }
    out
}

fn hazard_words(f: &Facts) -> String {
    let mut w = Vec::new();
    if f.flood {
        w.push("浸水想定区域");
    }
    if f.landslide {
        w.push("土砂災害警戒区域");
    }
    if f.tsunami {
        w.push("津波浸水想定区域");
    }
    w.join("・")
}

/// A priority score and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Priority {
    /// hazard × physical state × household; higher first.
    pub score: u32,
    /// Hazard factor (1 + one per zone).
    pub hazard: u32,
    /// Physical factor (1 + points).
    pub physical: u32,
    /// Household factor (alone 3, elderly only 2, else 1).
    pub household: u32,
    /// Each contribution, in words.
    pub reasons: Vec<String>,
}

/// Scores `f`: hazard × physical state × household, each factor at least 1.
pub fn score(f: &Facts) -> Priority {
    let mut reasons = Vec::new();
    let mut hazard = 1;
    for (on, name) in [
        (f.flood, "浸水想定区域"),
        (f.landslide, "土砂災害警戒区域"),
        (f.tsunami, "津波浸水想定区域"),
    ] {
        if on {
            hazard += 1;
            reasons.push(format!("{name} +1（危険度）"));
        }
    }
    let mut physical = 1;
    let mut add = |points: u32, why: String| {
        if points > 0 {
            physical += points;
            reasons.push(format!("{why} +{points}（身体状況）"));
        }
    };
    if let Some(c) = f.care_level {
        add(
            u32::try_from(care_number(c)).unwrap_or(0).max(1),
            c.label().to_string(),
        );
    }
    if let Some(g) = f.physical_grade {
        add(
            match g {
                1 | 2 => 3,
                3 | 4 => 1,
                _ => 0,
            },
            format!("身体障害者手帳{g}級"),
        );
    }
    match f.intellectual {
        Some(IntellectualGrade::A) => add(3, "療育手帳A".to_string()),
        Some(IntellectualGrade::B) => add(1, "療育手帳B".to_string()),
        None => {}
    }
    if f.mental_grade == Some(1) {
        add(2, "精神障害者保健福祉手帳1級".to_string());
    }
    if f.power_device {
        add(4, "電源を要する医療機器".to_string());
    }
    match f.mobility {
        Some(Mobility::Bedridden) => add(3, Mobility::Bedridden.label().to_string()),
        Some(Mobility::Wheelchair) => add(2, Mobility::Wheelchair.label().to_string()),
        Some(Mobility::Cane) => add(1, Mobility::Cane.label().to_string()),
        _ => {}
    }
    let household = match f.household {
        Some(HouseholdKind::Alone) => 3,
        Some(HouseholdKind::ElderlyOnly) => 2,
        _ => 1,
    };
    if household > 1 {
        if let Some(h) = f.household {
            reasons.push(format!("{} ×{household}（世帯）", h.label()));
        }
    }
    Priority {
        score: hazard * physical * household,
        hazard,
        physical,
        household,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_multiplies_hazard_physical_and_household() {
        let f = Facts {
            care_level: Some(CareLevel::Care4),
            household: Some(HouseholdKind::Alone),
            flood: true,
            ..Facts::default()
        };
        let p = score(&f);
        assert_eq!((p.hazard, p.physical, p.household), (2, 5, 3));
        assert_eq!(p.score, 30);
        assert_eq!(p.reasons.len(), 3);
        assert_eq!(score(&Facts::default()).score, 1);
    }

    #[test]
    fn eligibility_names_each_rule_met() {
        let rules: Vec<Rule> = RULES
            .iter()
            .map(|(r, _)| Rule {
                rule: r.to_string(),
                enabled: true,
                threshold: match *r {
                    "care-level" => 3,
                    "physical-disability" => 2,
                    "alone-aged" => 75,
                    _ => 0,
                },
            })
            .collect();
        let f = Facts {
            age: 80,
            household: Some(HouseholdKind::Alone),
            care_level: Some(CareLevel::Care2),
            ..Facts::default()
        };
        assert_eq!(
            eligibility(&f, &rules),
            vec!["一人暮らし・80歳（75歳以上）"]
        );
        let f = Facts {
            care_level: Some(CareLevel::Care3),
            ..Facts::default()
        };
        assert_eq!(eligibility(&f, &rules).len(), 1);
    }
}
