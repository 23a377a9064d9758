//! The plan's items as a form shows them: one field per cell, each with a token
//! (`plan.route`, `plan.destination.2.name`), a Japanese label and the way its value is
//! written and read. A value is always held as the form shows it: coded fields by their
//! Japanese label, dates as `YYYY-MM-DD`, 直接避難 as はい / いいえ.
//!
//! The destinations are slots (第1避難先, 第2避難先, …): a slot left blank is no
//! destination, and the filled slots are taken in order, so a blank slot between two filled
//! ones closes up. Destinations are compared slot by slot after that.

use crate::model::person::{Destination, Plan};
use crate::model::tokens::{DestinationKind, EvacuationMeans, WarningMethod};
use crate::model::validate::parse_date_field;

/// The prefix of every form field's token (what tells a form's change from an import's).
pub const PREFIX: &str = "plan.";

/// Destination slots a form has at least (one more than the plan has, when it has more).
pub const MIN_DESTINATIONS: usize = 3;

/// The most destination slots a form may have (a plan with more is refused a form).
pub const MAX_DESTINATIONS: usize = 20;

/// One of a destination's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestinationItem {
    /// 種類 (coded).
    Kind,
    /// 名称.
    Name,
    /// 所在地.
    Address,
    /// 直接避難 (はい / いいえ).
    Direct,
}

/// One of the plan's own items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanItem {
    /// 避難経路.
    Route,
    /// 避難方法 (coded).
    Means,
    /// 避難開始の時期.
    DepartureTiming,
    /// 避難情報の伝達者.
    WarningContact,
    /// 伝達方法 (coded).
    WarningMethod,
    /// 連絡がとれないとき.
    IfUnreachable,
    /// 作成者.
    DraftedBy,
    /// 作成者の職種.
    DraftedByRole,
    /// 作成日.
    CreatedOn,
    /// 更新日.
    UpdatedOn,
    /// 本人確認日.
    VerifiedOn,
}

const PLAN_ITEMS: [PlanItem; 11] = [
    PlanItem::Route,
    PlanItem::Means,
    PlanItem::DepartureTiming,
    PlanItem::WarningContact,
    PlanItem::WarningMethod,
    PlanItem::IfUnreachable,
    PlanItem::DraftedBy,
    PlanItem::DraftedByRole,
    PlanItem::CreatedOn,
    PlanItem::UpdatedOn,
    PlanItem::VerifiedOn,
];

const DESTINATION_ITEMS: [DestinationItem; 4] = [
    DestinationItem::Kind,
    DestinationItem::Name,
    DestinationItem::Address,
    DestinationItem::Direct,
];

/// What a field's cell takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Free text.
    Text,
    /// One of a closed list of labels ([`FormField::choices`]; a drop-down list on the
    /// form).
    Choice,
    /// A date (ISO or 和暦).
    Date,
}

/// はい / いいえ, for 直接避難.
const YES_NO: &[&str] = &["はい", "いいえ"];

/// One field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    /// Item of destination slot `n` (1-based).
    Destination(usize, DestinationItem),
    /// One of the plan's own items.
    Plan(PlanItem),
}

impl FormField {
    /// The fields of a form with `slots` destination slots, in the form's order.
    pub fn all(slots: usize) -> Vec<FormField> {
        let mut out: Vec<FormField> = (1..=slots)
            .flat_map(|n| DESTINATION_ITEMS.map(|i| FormField::Destination(n, i)))
            .collect();
        out.extend(PLAN_ITEMS.map(FormField::Plan));
        out
    }

    /// The stable token (the change's column).
    pub fn token(self) -> String {
        match self {
            FormField::Destination(n, i) => {
                let item = match i {
                    DestinationItem::Kind => "kind",
                    DestinationItem::Name => "name",
                    DestinationItem::Address => "address",
                    DestinationItem::Direct => "direct-admission",
                };
                format!("{PREFIX}destination.{n}.{item}")
            }
            FormField::Plan(i) => format!("{PREFIX}{}", plan_token(i)),
        }
    }

    /// Parses a token.
    pub fn from_token(s: &str) -> Option<FormField> {
        let rest = s.trim().strip_prefix(PREFIX)?;
        if let Some(d) = rest.strip_prefix("destination.") {
            let (n, item) = d.split_once('.')?;
            let n: usize = n
                .parse()
                .ok()
                .filter(|n| (1..=MAX_DESTINATIONS).contains(n))?;
            let item = match item {
                "kind" => DestinationItem::Kind,
                "name" => DestinationItem::Name,
                "address" => DestinationItem::Address,
                "direct-admission" => DestinationItem::Direct,
                _ => return None,
            };
            return Some(FormField::Destination(n, item));
        }
        PLAN_ITEMS
            .into_iter()
            .find(|i| plan_token(*i) == rest)
            .map(FormField::Plan)
    }

    /// The label the form shows (第2避難先 名称, 避難経路, …).
    pub fn label(self) -> String {
        match self {
            FormField::Destination(n, i) => {
                let item = match i {
                    DestinationItem::Kind => "種類",
                    DestinationItem::Name => "名称",
                    DestinationItem::Address => "所在地",
                    DestinationItem::Direct => "直接避難（福祉避難所）",
                };
                format!("第{n}避難先 {item}")
            }
            FormField::Plan(i) => match i {
                PlanItem::Route => "避難経路",
                PlanItem::Means => "避難方法",
                PlanItem::DepartureTiming => "避難開始の時期",
                PlanItem::WarningContact => "避難情報の伝達者",
                PlanItem::WarningMethod => "伝達方法",
                PlanItem::IfUnreachable => "連絡がとれないとき",
                PlanItem::DraftedBy => "作成者",
                PlanItem::DraftedByRole => "作成者の職種",
                PlanItem::CreatedOn => "作成日",
                PlanItem::UpdatedOn => "更新日",
                PlanItem::VerifiedOn => "本人確認日",
            }
            .to_string(),
        }
    }

    /// What the cell takes.
    pub fn input(self) -> Input {
        match self {
            FormField::Destination(_, DestinationItem::Kind | DestinationItem::Direct)
            | FormField::Plan(PlanItem::Means | PlanItem::WarningMethod) => Input::Choice,
            FormField::Plan(PlanItem::CreatedOn | PlanItem::UpdatedOn | PlanItem::VerifiedOn) => {
                Input::Date
            }
            _ => Input::Text,
        }
    }

    /// The labels a coded field takes, in the vocabulary's order (empty for the others).
    pub fn choices(self) -> Vec<&'static str> {
        match self {
            FormField::Destination(_, DestinationItem::Kind) => labels::<DestinationKind>(),
            FormField::Destination(_, DestinationItem::Direct) => YES_NO.to_vec(),
            FormField::Plan(PlanItem::Means) => labels::<EvacuationMeans>(),
            FormField::Plan(PlanItem::WarningMethod) => labels::<WarningMethod>(),
            _ => Vec::new(),
        }
    }

    /// How to fill the cell in, for the form's third column.
    pub fn hint(self) -> &'static str {
        match (self, self.input()) {
            (_, Input::Choice) => "一覧から選ぶ",
            (_, Input::Date) => "例: 2026-11-22 または 令和8年11月22日",
            (FormField::Destination(_, DestinationItem::Name), _) => {
                "避難先を使わないときは、この避難先の欄をすべて空に"
            }
            (FormField::Plan(PlanItem::DepartureTiming), _) => "例: 警戒レベル3 高齢者等避難",
            _ => "",
        }
    }

    /// The value `plan` has for this field, as the form shows it ("" for none).
    pub fn get(self, plan: Option<&Plan>) -> String {
        let Some(plan) = plan else {
            return String::new();
        };
        match self {
            FormField::Destination(n, item) => {
                let Some(d) = n.checked_sub(1).and_then(|i| plan.destinations.get(i)) else {
                    return String::new();
                };
                match item {
                    DestinationItem::Kind => d.kind.label().to_string(),
                    DestinationItem::Name => d.name.clone(),
                    DestinationItem::Address => d.address.clone(),
                    DestinationItem::Direct => yes_no(d.direct_admission).to_string(),
                }
            }
            FormField::Plan(i) => match i {
                PlanItem::Route => plan.route.clone(),
                PlanItem::Means => plan.means.map(|m| m.label()).unwrap_or("").to_string(),
                PlanItem::DepartureTiming => plan.departure_timing.clone(),
                PlanItem::WarningContact => plan.warning_contact.clone(),
                PlanItem::WarningMethod => plan
                    .warning_method
                    .map(|m| m.label())
                    .unwrap_or("")
                    .to_string(),
                PlanItem::IfUnreachable => plan.if_unreachable.clone(),
                PlanItem::DraftedBy => plan.drafted_by.clone(),
                PlanItem::DraftedByRole => plan.drafted_by_role.clone(),
                PlanItem::CreatedOn => plan.created_on.clone().unwrap_or_default(),
                PlanItem::UpdatedOn => plan.updated_on.clone().unwrap_or_default(),
                PlanItem::VerifiedOn => plan.verified_on.clone().unwrap_or_default(),
            },
        }
    }

    /// A cell as read, as the form shows a value: trimmed; a coded field's label (its token
    /// is taken too); a date as `YYYY-MM-DD`. `Err` says what is wrong and what to write.
    pub fn normalise(self, cell: &str) -> Result<String, String> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Ok(String::new());
        }
        match self.input() {
            Input::Text => Ok(cell.to_string()),
            Input::Date => parse_date_field(&self.label(), cell)
                .map(|d| d.to_string())
                .map_err(|e| e.reason),
            Input::Choice => choice(self, cell).map(str::to_string).ok_or_else(|| {
                format!(
                    "「{cell}」は選べる値ではありません。一覧から選んでください（{}）",
                    self.choices().join("、")
                )
            }),
        }
    }
}

fn plan_token(i: PlanItem) -> &'static str {
    match i {
        PlanItem::Route => "route",
        PlanItem::Means => "means",
        PlanItem::DepartureTiming => "departure-timing",
        PlanItem::WarningContact => "warning-contact",
        PlanItem::WarningMethod => "warning-method",
        PlanItem::IfUnreachable => "if-unreachable",
        PlanItem::DraftedBy => "drafted-by",
        PlanItem::DraftedByRole => "drafted-by-role",
        PlanItem::CreatedOn => "created-on",
        PlanItem::UpdatedOn => "updated-on",
        PlanItem::VerifiedOn => "verified-on",
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        YES_NO[0]
    } else {
        YES_NO[1]
    }
}

/// The labels of a coded field's values, in declaration order.
fn labels<T: Coded>() -> Vec<&'static str> {
    T::all().iter().map(|v| v.label()).collect()
}

/// A closed vocabulary the form offers as a drop-down list.
trait Coded: Sized + Copy + 'static {
    fn all() -> &'static [Self];
    fn token(self) -> &'static str;
    fn label(self) -> &'static str;
}

macro_rules! coded {
    ($t:ty) => {
        impl Coded for $t {
            fn all() -> &'static [Self] {
                <$t>::ALL
            }
            fn token(self) -> &'static str {
                <$t>::token(self)
            }
            fn label(self) -> &'static str {
                <$t>::label(self)
            }
        }
    };
}

coded!(DestinationKind);
coded!(EvacuationMeans);
coded!(WarningMethod);

fn find<T: Coded>(cell: &str) -> Option<T> {
    T::all()
        .iter()
        .copied()
        .find(|v| v.label() == cell || v.token() == cell.to_ascii_lowercase())
}

/// The label `cell` names for coded field `f` (by its label or its token).
fn choice(f: FormField, cell: &str) -> Option<&'static str> {
    match f {
        FormField::Destination(_, DestinationItem::Kind) => {
            find::<DestinationKind>(cell).map(DestinationKind::label)
        }
        FormField::Destination(_, DestinationItem::Direct) => {
            match cell.to_ascii_lowercase().as_str() {
                "はい" | "yes" | "true" | "1" | "○" | "〇" => Some(YES_NO[0]),
                "いいえ" | "no" | "false" | "0" | "×" => Some(YES_NO[1]),
                _ => None,
            }
        }
        FormField::Plan(PlanItem::Means) => {
            find::<EvacuationMeans>(cell).map(EvacuationMeans::label)
        }
        FormField::Plan(PlanItem::WarningMethod) => {
            find::<WarningMethod>(cell).map(WarningMethod::label)
        }
        _ => None,
    }
}

/// A destination slot as the form holds it: kind, name, address, direct.
type Slot = [String; 4];

fn slot_is_blank(s: &Slot) -> bool {
    s[0].is_empty() && s[1].is_empty() && s[2].is_empty() && (s[3].is_empty() || s[3] == YES_NO[1])
}

/// A form's values (field, normalised value) with its destination slots closed up: the
/// filled slots in order, then blank ones. A slot with something in it but no 種類 or no
/// 名称 is refused, naming it.
pub fn close_up(values: &[(FormField, String)]) -> Result<Vec<(FormField, String)>, String> {
    let slots = values
        .iter()
        .filter_map(|(f, _)| match f {
            FormField::Destination(n, _) => Some(*n),
            FormField::Plan(_) => None,
        })
        .max()
        .unwrap_or(0);
    let mut filled: Vec<Slot> = Vec::new();
    for n in 1..=slots {
        let mut slot: Slot = Default::default();
        for (i, item) in DESTINATION_ITEMS.iter().enumerate() {
            if let Some((_, v)) = values
                .iter()
                .find(|(f, _)| *f == FormField::Destination(n, *item))
            {
                slot[i] = v.clone();
            }
        }
        if slot_is_blank(&slot) {
            continue;
        }
        if slot[0].is_empty() || slot[1].is_empty() {
            return Err(format!(
                "第{n}避難先: 種類と名称の両方を書いてください（この避難先を使わないときは、その欄をすべて空にしてください）"
            ));
        }
        if slot[3].is_empty() {
            slot[3] = YES_NO[1].to_string();
        }
        filled.push(slot);
    }
    Ok(values
        .iter()
        .map(|(f, v)| match f {
            FormField::Destination(n, item) => {
                let i = DESTINATION_ITEMS
                    .iter()
                    .position(|x| x == item)
                    .unwrap_or(0);
                let value = filled.get(n - 1).map(|s| s[i].clone()).unwrap_or_default();
                (*f, value)
            }
            FormField::Plan(_) => (*f, v.clone()),
        })
        .collect())
}

/// `plan` with `changes` (field, normalised value) written over it; `None` stays `None`
/// when every value is blank. Fields not on the form (who made the plan, …) are kept.
/// `Err` names what cannot be made into a plan.
pub fn apply(plan: Option<&Plan>, changes: &[(FormField, String)]) -> Result<Option<Plan>, String> {
    let mut slots = plan.map_or(0, |p| p.destinations.len());
    for (f, _) in changes {
        if let FormField::Destination(n, _) = f {
            slots = slots.max(*n);
        }
    }
    let mut values: Vec<(FormField, String)> = FormField::all(slots)
        .into_iter()
        .map(|f| (f, f.get(plan)))
        .collect();
    for (f, v) in changes {
        if let Some(slot) = values.iter_mut().find(|(g, _)| g == f) {
            slot.1 = v.clone();
        }
    }
    if plan.is_none() && values.iter().all(|(_, v)| v.is_empty()) {
        return Ok(None);
    }
    let values = close_up(&values)?;
    let mut out = match plan {
        Some(p) => p.clone(),
        // Every field of a plan has a default: an empty plan, whatever fields it has.
        None => serde_json::from_str::<Plan>("{}").map_err(|e| e.to_string())?,
    };
    out.destinations.clear();
    let value = |f: FormField| {
        values
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    for n in 1..=slots {
        let kind = value(FormField::Destination(n, DestinationItem::Kind));
        if kind.is_empty() {
            continue;
        }
        out.destinations.push(Destination {
            kind: find::<DestinationKind>(kind)
                .ok_or_else(|| format!("第{n}避難先: 種類「{kind}」が読めません"))?,
            name: value(FormField::Destination(n, DestinationItem::Name)).to_string(),
            address: value(FormField::Destination(n, DestinationItem::Address)).to_string(),
            direct_admission: value(FormField::Destination(n, DestinationItem::Direct))
                == YES_NO[0],
            hazard: None,
            shelter_id: None,
        });
    }
    let text = |i: PlanItem| value(FormField::Plan(i)).to_string();
    let date = |i: PlanItem| Some(text(i)).filter(|s| !s.is_empty());
    out.route = text(PlanItem::Route);
    out.means = find::<EvacuationMeans>(value(FormField::Plan(PlanItem::Means)));
    out.departure_timing = text(PlanItem::DepartureTiming);
    out.warning_contact = text(PlanItem::WarningContact);
    out.warning_method = find::<WarningMethod>(value(FormField::Plan(PlanItem::WarningMethod)));
    out.if_unreachable = text(PlanItem::IfUnreachable);
    out.drafted_by = text(PlanItem::DraftedBy);
    out.drafted_by_role = text(PlanItem::DraftedByRole);
    out.created_on = date(PlanItem::CreatedOn);
    out.updated_on = date(PlanItem::UpdatedOn);
    out.verified_on = date(PlanItem::VerifiedOn);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drop_down_lists_are_the_vocabularies_labels() {
        assert_eq!(
            FormField::Plan(PlanItem::Means).choices(),
            vec!["徒歩", "車いす", "自動車", "担架", "その他"]
        );
        assert_eq!(
            FormField::Destination(2, DestinationItem::Kind).choices(),
            vec!["指定避難所", "福祉避難所", "親族・知人宅", "その他"]
        );
        assert!(FormField::Plan(PlanItem::Route).choices().is_empty());
    }

    #[test]
    fn every_token_reads_back_as_its_field() {
        for f in FormField::all(4) {
            assert_eq!(FormField::from_token(&f.token()), Some(f), "{}", f.token());
        }
        assert_eq!(FormField::from_token("plan.destination.0.name"), None);
        assert_eq!(FormField::from_token("plan.made-by"), None);
        assert_eq!(FormField::from_token("name"), None);
    }

    #[test]
    fn cells_are_read_by_label_or_token_and_a_wrong_one_is_named() {
        let means = FormField::Plan(PlanItem::Means);
        assert_eq!(means.normalise(" 車いす ").unwrap(), "車いす");
        assert_eq!(means.normalise("wheelchair").unwrap(), "車いす");
        let err = means.normalise("くるま").unwrap_err();
        assert!(
            err.contains("「くるま」") && err.contains("徒歩、車いす"),
            "{err}"
        );
        let on = FormField::Plan(PlanItem::UpdatedOn);
        assert_eq!(on.normalise("令和8年11月22日").unwrap(), "2026-11-22");
        assert!(on.normalise("いつか").is_err());
    }

    #[test]
    fn a_blank_slot_between_two_destinations_closes_up() {
        let d = |n, i, v: &str| (FormField::Destination(n, i), v.to_string());
        let values = vec![
            d(1, DestinationItem::Kind, "指定避難所"),
            d(1, DestinationItem::Name, "中央小学校"),
            d(2, DestinationItem::Direct, "いいえ"),
            d(3, DestinationItem::Kind, "福祉避難所"),
            d(3, DestinationItem::Name, "みどり苑"),
            d(3, DestinationItem::Direct, "はい"),
        ];
        let plan = apply(None, &values).unwrap().unwrap();
        assert_eq!(plan.destinations.len(), 2);
        assert_eq!(plan.destinations[1].name, "みどり苑");
        assert!(plan.destinations[1].direct_admission);
        let half = vec![d(1, DestinationItem::Name, "中央小学校")];
        assert!(apply(None, &half).unwrap_err().contains("第1避難先"));
    }
}
