//! Printing for drills. A check sheet is a list handed to a recipient, so the sharing rule
//! decides who and which fields are on it, and it is a copy in the ledger (kind
//! `drill-sheet`) that must come back. The rule for disaster-mode exercises: a drill is
//! created normal or `disaster`, and its sheets are printed only in the matching mode — a
//! normal drill's sheet while disaster mode is on would silently carry people who never
//! consented, and a disaster drill's sheet outside disaster mode would not be the
//! exercise it claims to be. Disaster-mode sheets carry the 災害時提供 marking and their
//! print is audited with `mode=disaster`, like any disaster-mode release.

use super::destination::{ledger_copy, settle, Destination};
use super::ledger::{disaster_marking, issue, Output, Record};
use super::locking::{self, Sensitivity};
use super::order::list_order;
use super::Printed;
use crate::clock::jst_date;
use crate::drill::report::report;
use crate::error::{Error, Result};
use crate::model::{IssuanceKind, Person, Recipient, RecipientKind};
use crate::policy::project::project;
use crate::policy::{Field, FieldSet, Mode, SharePurpose};
use crate::print::drill::{ChartSeries, CheckSheet, ReportDoc, ReportLine, ReportTable, SheetRow};
use crate::print::furniture::{both_dates, finish, Furniture};
use crate::print::glyphs::GlyphCheck;
use crate::print::render::{render, DocMeta};
use crate::sharing::{cut, Area};
use crate::store::{audit, drills, issuance, recipients, settings, Roster, Tx};

/// What a check-sheet print asks for.
#[derive(Debug, Clone, Default)]
pub struct SheetRequest<'a> {
    /// The drill.
    pub drill_id: i64,
    /// One of the drill's districts.
    pub district: &'a str,
    /// Only this 自治会.
    pub association: Option<&'a str>,
    /// Only this 班.
    pub block: Option<&'a str>,
    /// The recipient (default: the district's one 自治会 recipient).
    pub recipient_id: Option<i64>,
    /// Why a copy is printed while an earlier one of the same sheet is still out.
    pub reprint_reason: Option<&'a str>,
    /// Lock password (the window proposes one).
    pub password: Option<&'a str>,
    /// Why the sheet goes unlocked (needed without a password; kept in the audit row).
    pub unlocked_reason: Option<&'a str>,
}

const INSTRUCTIONS: [&str; 4] = [
    "1. 一人ずつ訪ね、本人の様子を確かめて、該当する欄に一つだけ✓を付けてください（無事／要支援／不在／未確認）。",
    "2. 確認した時刻と確認者の氏名を書いてください。不在のときは時間をおいてもう一度訪ね、その結果も書き足してください。",
    "3. 要支援のときは、すぐに本部（集会所）へ連絡してください。",
    "4. このシートは名簿の一部です。訓練が終わったら必ず本部へ返却し、複製・撮影はしないでください。",
];

fn default_recipient(tx: &Tx<'_>, district: &str, association: Option<&str>) -> Result<i64> {
    let found: Vec<_> = recipients::list(tx.conn())?
        .into_iter()
        .filter(|r| {
            r.kind == RecipientKind::Neighbourhood && r.district.as_deref() == Some(district)
        })
        .collect();
    // The recipient serving that 自治会 (or, on a roster whose recipients are not bound to
    // their 自治会, the one named after it).
    let serves = |r: &&Recipient| {
        association.is_some_and(|a| r.association.as_deref() == Some(a) || r.name == a)
    };
    let chosen: Vec<_> = match association {
        Some(_) if found.iter().any(|r| serves(&r)) => found.iter().filter(serves).collect(),
        _ => found.iter().collect(),
    };
    match chosen.as_slice() {
        [one] => one.id.ok_or(Error::invalid("recipient", "the recipient has no id")),
        [] => Err(Error::invalid(
            "recipient",
            "this district has no 自治会 recipient; give one with --recipient ID (see `yorisoi recipient list`)",
        )),
        many => Err(Error::invalid(
            "recipient",
            format!(
                "this district has several 自治会 recipients ({}); choose one with --association NAME (its 自治会) or --recipient ID",
                many.iter().filter_map(|r| r.id).map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

impl Roster {
    /// Prints a drill check sheet for one district (or 自治会 / 班) of the drill: exactly the
    /// people and fields the sharing rule gives the recipient now, with tick boxes, a time
    /// and "checked by" column, and instructions. Recorded in the ledger as `drill-sheet`
    /// (its people become the people the drill must reach) and audited `print.drill-sheet`.
    /// Locked with `password`; without one, `unlocked_reason` is required and audited.
    /// Staged at `to`, recorded, then published (see [`Destination`]).
    pub fn print_drill_sheet(
        &mut self,
        req: &SheetRequest<'_>,
        to: &mut dyn Destination,
    ) -> Result<Printed> {
        let result = self.drill_sheet_to(req, &mut *to);
        settle(to, result, ledger_copy)
    }

    fn drill_sheet_to(
        &mut self,
        req: &SheetRequest<'_>,
        save: &mut dyn Destination,
    ) -> Result<Printed> {
        // Names, addresses and who helps whom: more than the simplified list.
        let unlocked_reason = locking::check(
            Sensitivity::Sensitive,
            req.password,
            req.unlocked_reason,
            false,
        )?;
        self.write(|tx| {
            let drill = drills::load(tx.conn(), req.drill_id)?;
            let district = req.district.trim();
            let Some((district_id, _)) = drills::districts(tx.conn(), drill.id)?
                .into_iter()
                .find(|(_, n)| n == district)
            else {
                return Err(Error::invalid(
                    "district",
                    format!("drill {} does not take in this district (its districts: {})", drill.id, drill.districts.join("、")),
                ));
            };
            let recipient_id = match req.recipient_id {
                Some(id) => id,
                None => default_recipient(tx, district, req.association)?,
            };
            let area = Area {
                district: Some(district),
                association: req.association,
                person: None,
            };
            let c = cut(tx, recipient_id, SharePurpose::Roster, area, false)?;
            match (drill.disaster, c.mode) {
                (true, Mode::Normal) => return Err(Error::invalid(
                    "disaster",
                    format!("drill {} is a disaster-mode exercise: switch disaster mode on first (`yorisoi disaster on --reason …`); its sheets then carry everyone and are marked", drill.id),
                )),
                (false, Mode::Disaster) => return Err(Error::invalid(
                    "disaster",
                    format!("disaster mode is on: drill {}'s sheet would carry people who have not consented; print it when disaster mode is off, or create the drill with --disaster", drill.id),
                )),
                _ => {}
            }
            let today = jst_date(tx.now());
            let mut excluded = 0;
            let mut chosen: Vec<(Person, FieldSet)> = Vec::new();
            let mut only_disaster = std::collections::HashSet::new();
            for (p, d) in c.people {
                if req.block.is_some_and(|b| p.block.as_deref() != Some(b)) {
                    continue;
                }
                if d.included {
                    if d.marked_disaster && !d.normally_included {
                        only_disaster.insert(p.id);
                    }
                    // Shown: what the rule gives, minus what is withheld (address protection).
                    chosen.push((p, d.withheld.union(FieldSet::all().minus(d.fields))));
                } else {
                    excluded += 1;
                }
            }
            if chosen.is_empty() && excluded == 0 && (c.association.is_some() || req.block.is_some()) {
                return Err(Error::invalid(
                    "block",
                    "nobody on the roster in this district belongs to that 自治会 / 班; check the name with `yorisoi person list`",
                ));
            }
            chosen.sort_by(list_order);
            let rows: Vec<SheetRow> = chosen
                .iter()
                .enumerate()
                .map(|(i, (p, hidden))| {
                    let shown = FieldSet::all().minus(*hidden);
                    let v = project(p, shown, today);
                    let text = |f: Field| v.get(f).map(|x| x.text.clone()).unwrap_or_default();
                    SheetRow {
                        no: i + 1,
                        person_id: p.id.unwrap_or(0),
                        furigana: text(Field::Furigana),
                        name: text(Field::Name),
                        address: if hidden.contains(Field::Address) { "（非開示）".to_string() } else { text(Field::Address) },
                        phone: text(Field::Phone),
                        // A blank column would read as "nobody goes"; say why it is blank.
                        supporters: if hidden.contains(Field::Supporters) {
                            "（提供対象外）".to_string()
                        } else {
                            let s = text(Field::Supporters);
                            if s.is_empty() { "（記載なし）".to_string() } else { s }
                        },
                        disaster_only: only_disaster.contains(&p.id),
                    }
                })
                .collect();
            let persons: Vec<i64> = chosen.iter().filter_map(|(p, _)| p.id).collect();
            let profile = chosen.iter().fold(FieldSet::EMPTY, |a, (_, h)| a.union(FieldSet::all().minus(*h))).tokens();
            drop(chosen);
            let place = [Some(district.to_string()), c.association.clone(), req.block.map(str::to_string)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / ");
            let cut_label = format!("訓練{} {place}", drill.id);
            let serial = issuance::next_serial(tx.conn(), today)?;
            let mut marking = disaster_marking(tx, c.mode)?;
            if let Some(m) = marking.as_mut() {
                *m = format!("【災害時モード訓練】{m}");
            }
            let title = if drill.disaster { "安否確認訓練チェックシート（災害時モード訓練）" } else { "安否確認訓練チェックシート" }.to_string();
            let furniture = Furniture {
                title: title.clone(),
                serial: Some(serial),
                subtitle: format!(
                    "訓練：{}　開始：{}　{}　提供先：{}　対象：{}",
                    drill.name,
                    drill.starts_jst,
                    if drill.scenario.is_empty() { String::new() } else { format!("想定：{}", drill.scenario) },
                    c.recipient.name,
                    place
                ),
                disaster: marking.clone(),
                audit_head: audit::head_label(tx.conn())?,
                confidential: true,
            };
            let sheet = CheckSheet {
                furniture: furniture.clone(),
                instructions: INSTRUCTIONS.iter().map(|s| s.to_string()).collect(),
                rows,
            };
            let mut g = GlyphCheck::default();
            for (pid, field, t) in sheet.texts() {
                g.check(pid, field, t);
            }
            g.check(None, "recipient.name", &c.recipient.name);
            g.finish()?;
            let due = super::ledger::due_back(None, today)?;
            let recipient_name = c.recipient.name.clone();
            let custodian = c.recipient.custodian.clone();
            let printed = issue(
                tx,
                Record {
                    kind: IssuanceKind::DrillSheet,
                    recipient_id: Some(recipient_id),
                    recipient_name,
                    custodian,
                    cut: cut_label.clone(),
                    profile,
                    disaster: marking.is_some(),
                    persons,
                    due_back: Some(due),
                    reprint_reason: req.reprint_reason,
                    password: req.password,
                    unlocked_reason: unlocked_reason.clone(),
                    title: title.clone(),
                    audit_action: "print.drill-sheet",
                    excluded,
                    unplaced: 0,
                },
                |_| Ok(sheet.layout()),
                furniture,
                Output::Save(save),
                &crate::progress::Quiet,
            )?;
            let serial = printed.serial.clone().unwrap_or_default();
            let issuance_id = issuance::by_serial(tx.conn(), &serial)?.id;
            drills::link_sheet(tx.conn(), drill.id, issuance_id, district_id)?;
            Ok(printed)
        })
    }

    /// Prints the drill report (the office's copy: not handed out, so not in the ledger):
    /// per district time to 50/90/100 %, the chart of confirmation over time against
    /// earlier drills of the same districts, people never reached and why, supporters who
    /// did not report, and the lessons noted. Audited `print.drill-report` (the audit row
    /// names the file's hash): staged at `to`, audited, then published.
    pub fn print_drill_report(
        &mut self,
        drill_id: i64,
        to: &mut dyn Destination,
    ) -> Result<Printed> {
        let result = self.drill_report_to(drill_id, &mut *to);
        settle(to, result, |_| {
            format!("the print of drill {drill_id}'s report is recorded in the audit log (print.drill-report)")
        })
    }

    fn drill_report_to(&mut self, drill_id: i64, save: &mut dyn Destination) -> Result<Printed> {
        self.write(|tx| {
            let rep = report(tx.conn(), drill_id)?;
            let d = &rep.drill;
            let today = jst_date(tx.now());
            let mins = |m: Option<i64>| m.map_or("—".to_string(), |m| format!("{m}分"));
            // One line per district, and the total when there are several.
            let shown = if rep.districts.len() == 1 { 1 } else { rep.districts.len() + 1 };
            let lines = |cells: &dyn Fn(&crate::drill::report::DistrictReport) -> Vec<String>| -> Vec<ReportLine> {
                rep.districts
                    .iter()
                    .chain(std::iter::once(&rep.total))
                    .take(shown)
                    .map(|r| ReportLine { district: r.district.clone(), cells: cells(r) })
                    .collect()
            };
            let heads = |h: &[&str]| h.iter().map(|x| x.to_string()).collect::<Vec<_>>();
            let ok = |b: bool| if b { "○" } else { "×" }.to_string();
            let tables = vec![
                ReportTable {
                    heads: heads(&["地区", "対象", "無事", "要支援", "不在", "未確認", "50%", "90%", "100%", "目標内"]),
                    lines: lines(&|r| {
                        vec![
                            format!("{}名", r.tally.people),
                            r.tally.safe.to_string(),
                            r.tally.needs_help.to_string(),
                            r.tally.not_home.to_string(),
                            r.tally.not_reached.to_string(),
                            mins(r.to_50),
                            mins(r.to_90),
                            mins(r.to_100),
                            ok(r.within_target),
                        ]
                    }),
                    note: "50%・90%・100%：開始から確認（無事・要支援）がその割合に達するまでの分。—は未達。".to_string(),
                },
                ReportTable {
                    heads: heads(&["支援者への伝達", "支援者", "伝達済み", "伝達率", "全員まで", "目標内"]),
                    lines: lines(&|r| {
                        vec![
                            format!("{}名", r.warnings.supporters),
                            r.warnings.warned.to_string(),
                            format!("{}%", r.warnings.warned_pct),
                            mins(r.warn_to_100),
                            ok(r.warned_within_target),
                        ]
                    }),
                    note: format!(
                        "支援者：訓練の対象者を担当する避難支援者。全員まで：開始から全員に伝達が届くまでの分（目標 {}分）。—は未達。",
                        d.warn_target_min
                    ),
                },
            ];
            let series = rep
                .comparison
                .iter()
                .enumerate()
                .map(|(i, c)| ChartSeries {
                    label: format!("{}{} {}（{}）", if i == 0 { "今回 " } else { "" }, c.held_on, c.name, format_args!("確認{}%", c.tally.confirmed_pct)),
                    points: c.curve.clone(),
                    current: i == 0,
                })
                .collect();
            let never = rep
                .never_reached
                .iter()
                .map(|n| format!("ID{}　{}　{}　最終：{}　理由：{}　（記録{}件）", n.person_id, n.name, n.district, n.status.map_or("記録なし", |s| s.label()), n.why, n.attempts))
                .collect();
            let supporter_line = |s: &crate::drill::report::SilentSupporter| {
                format!("{}　{}　担当：{}", s.name, if s.phone.is_empty() { "（電話なし）" } else { &s.phone }, s.persons.iter().map(|p| format!("ID{p}")).collect::<Vec<_>>().join("、"))
            };
            let never_warned = rep.never_warned.iter().map(supporter_line).collect();
            let silent = rep.silent_supporters.iter().map(supporter_line).collect();
            let earlier = rep
                .comparison
                .iter()
                .skip(1)
                .map(|c| format!("{} {}：対象{}名、確認{}%、50%{}・90%{}・100%{}", c.held_on, c.name, c.tally.people, c.tally.confirmed_pct, mins(c.to_50), mins(c.to_90), mins(c.to_100)))
                .collect();
            let lessons = d.lessons.lines().map(str::to_string).filter(|l| !l.trim().is_empty()).collect();
            let marking = d.disaster.then(|| "【災害時モード訓練】災害時モードで名簿を提供して行った訓練です。同意のない方も対象に含まれています。".to_string());
            let title = "安否確認訓練 報告書".to_string();
            let doc = ReportDoc {
                furniture: Furniture {
                    title: title.clone(),
                    serial: None,
                    subtitle: format!("{}　作成：{}（庁内用）", settings::municipality(tx.conn())?, both_dates(today)),
                    disaster: marking,
                    audit_head: audit::head_label(tx.conn())?,
                    confidential: true,
                },
                facts: vec![
                    ("訓練名".to_string(), d.name.clone()),
                    ("想定".to_string(), if d.scenario.is_empty() { "—".to_string() } else { d.scenario.clone() }),
                    ("開始".to_string(), d.starts_jst.clone()),
                    ("目標".to_string(), format!("支援者への伝達 {}分以内、安否確認 {}分以内", d.warn_target_min, d.confirm_target_min)),
                    ("対象地区".to_string(), d.districts.join("、")),
                    ("区分".to_string(), if d.disaster { "災害時モード訓練".to_string() } else { "平常時（同意者のみ）".to_string() }),
                    ("入力件数".to_string(), format!("安否{}件（うち訂正{}件）、伝達{}件", rep.checks, rep.corrections, rep.calls)),
                ],
                tables,
                series,
                targets: (d.warn_target_min, d.confirm_target_min),
                sections: vec![
                    ("確認できなかった人と理由".to_string(), never),
                    ("伝達が届かなかった支援者".to_string(), never_warned),
                    ("報告のなかった支援者".to_string(), silent),
                    ("同じ地区の過去の訓練".to_string(), earlier),
                    ("訓練で得られた教訓".to_string(), lessons),
                ],
            };
            let mut g = GlyphCheck::default();
            for t in doc.texts() {
                g.check(None, "report", t);
            }
            g.finish()?;
            let mut pages = doc.layout();
            finish(&mut pages, &doc.furniture);
            let bytes = render(&pages, &DocMeta { title: &title, created: tx.now() });
            let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
            save.stage(&bytes, None)?;
            tx.audit(
                "print.drill-report",
                "drill",
                Some(drill_id),
                &format!(
                    "pages={},people={},never_reached={},mode={},sha256={sha256}",
                    pages.len(),
                    rep.total.tally.people,
                    rep.never_reached.len(),
                    if d.disaster { "disaster" } else { "normal" }
                ),
            )?;
            Ok(Printed {
                serial: None,
                pages: pages.len(),
                persons: rep.total.tally.people,
                excluded: 0,
                unplaced: 0,
                locked: false,
                disaster: d.disaster,
                sha256,
                due_back: None,
                reprint_of: None,
            })
        })
    }
}
