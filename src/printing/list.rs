//! The simplified and detailed lists (避難行動要支援者名簿) handed to a recipient: the people
//! and fields the sharing rule gives them now, cut by district, 自治会 and 班.

use super::destination::{ledger_copy, settle, Destination};
use super::ledger::{disaster_marking, due_back, issue, Output, Record};
use super::locking::{self, Sensitivity};
use super::map::{gather, OnList};
use super::order::list_order;
use super::{ListRequest, PrintPreview, Printed};
use crate::clock::jst_date;
use crate::error::{Error, Result};
use crate::model::{IssuanceKind, Person};
use crate::policy::project::project;
use crate::policy::{Field, FieldProfile, FieldSet, SharePurpose};
use crate::print::furniture::{both_dates, Furniture};
use crate::print::glyphs::GlyphCheck;
use crate::print::list::{ListDoc, ListRow};
use crate::progress::{Progress, Quiet, Stage};
use crate::sharing::{cut, Area};
use crate::store::{audit, issuance, settings, Roster};

impl Roster {
    /// Prints the simplified or detailed list for a recipient: exactly the people and
    /// fields the sharing rule gives them now, sorted by 自治会, 班 and address, with a
    /// cover page, serial, page numbers and the audit head on every page. The finished
    /// (locked, when asked) PDF is staged at `to` before anything is committed and
    /// published after: if staging or recording fails, nothing is recorded and nothing
    /// is left at `to` (see [`Destination`]). A detailed list is always locked. Audited
    /// `print.list` (with the `unlocked_reason` of an unlocked print, when one was given).
    pub fn print_list(
        &mut self,
        req: &ListRequest<'_>,
        to: &mut dyn Destination,
    ) -> Result<Printed> {
        self.print_list_with_progress(req, to, &Quiet)
    }

    /// [`Roster::print_list`], telling `progress` how far it has got ([`Stage::Print`]: 0
    /// of 2 while the people are gathered, 1 of 2 once they are checked and the pages are
    /// being laid out and rendered, 2 of 2 when it is recorded). A stop it asks for ends
    /// the print with [`Error::Cancelled`] before anything is staged or recorded: no file,
    /// no copy in the ledger, no audit row.
    pub fn print_list_with_progress(
        &mut self,
        req: &ListRequest<'_>,
        to: &mut dyn Destination,
        progress: &dyn Progress,
    ) -> Result<Printed> {
        let result = self.list_to(req, Output::Save(&mut *to), progress);
        if result.is_ok() {
            progress.report(Stage::Print, 2, 2);
        }
        settle(to, result, ledger_copy)
    }

    /// The first `max_pages` pages of the list [`Roster::print_list`] would print now, by
    /// the same code (so a preview never shows more than the print): same people, fields
    /// and glyph check. No password is needed (nothing leaves the app) and nothing is
    /// recorded in the ledger. Audited `print.preview`.
    pub fn preview_list(
        &mut self,
        req: &ListRequest<'_>,
        max_pages: usize,
    ) -> Result<PrintPreview> {
        let mut pages = Vec::new();
        let printed = self.list_to(
            req,
            Output::Preview {
                max: max_pages,
                pages: &mut pages,
            },
            &Quiet,
        )?;
        Ok(PrintPreview { printed, pages })
    }

    fn list_to(
        &mut self,
        req: &ListRequest<'_>,
        out: Output<'_>,
        progress: &dyn Progress,
    ) -> Result<Printed> {
        let sensitivity = match req.profile {
            FieldProfile::Detailed => Sensitivity::EveryField("a detailed list"),
            FieldProfile::Simplified => Sensitivity::Simplified,
        };
        let unlocked_reason = locking::check(
            sensitivity,
            req.password,
            req.unlocked_reason,
            out.is_preview(),
        )?;
        progress.step(Stage::Print, 0, 2)?;
        self.write(|tx| {
            let today = jst_date(tx.now());
            let due = due_back(req.due_back, today)?;
            let area = Area {
                district: req.district,
                association: req.association,
                person: None,
            };
            let c = cut(tx, req.recipient_id, SharePurpose::Roster, area, false)?;
            if req.block.is_some() && c.association.is_none() {
                return Err(Error::invalid(
                    "block",
                    "a 班 is cut within a 自治会: give --association too",
                ));
            }
            let expected = expected_at(tx.conn(), &c.recipient, req.recipient_id, req.shelter)?;
            let recipient_profile = c.settings.profile_of(req.recipient_id);
            if req.profile == FieldProfile::Detailed && recipient_profile != FieldProfile::Detailed {
                return Err(Error::invalid(
                    "kind",
                    format!(
                        "recipient {} receives the simplified list (settings: recipient.{}.profile = simplified); \
                         a detailed list would give them fields the municipality has not allowed",
                        req.recipient_id, req.recipient_id
                    ),
                ));
            }
            let columns_set = c
                .settings
                .fields_for(req.recipient_id, SharePurpose::Roster)
                .intersect(req.profile.fields());
            let mut excluded = 0;
            let mut unplaced = 0;
            let area = match req.area {
                Some(shape) => Some(crate::map::AreaFilter::new(tx.conn(), shape)?),
                None => None,
            };
            let mut chosen: Vec<(Person, FieldSet, bool)> = Vec::new();
            for (p, d) in c.people {
                if req.block.is_some_and(|b| p.block.as_deref() != Some(b)) {
                    continue;
                }
                // A shelter's list: never a person not expected there.
                if let Some((_, people)) = &expected {
                    if !p.id.is_some_and(|id| people.contains(&id)) {
                        continue;
                    }
                }
                if let Some(area) = &area {
                    if !area.keeps(tx.conn(), p.id.unwrap_or(0), &mut unplaced)? {
                        continue;
                    }
                }
                if d.included {
                    chosen.push((p, d.withheld.union(columns_set.minus(d.fields)), d.marked_disaster && !d.normally_included));
                } else {
                    excluded += 1;
                }
            }
            if let (Some(a), true) = (c.association.as_deref(), chosen.is_empty() && excluded == 0) {
                return Err(Error::invalid(
                    "association",
                    format!("nobody on the roster in this district belongs to 「{a}」{}; check the name with `yorisoi person list`",
                        req.block.map(|b| format!(" / 班「{b}」")).unwrap_or_default()),
                ));
            }
            let mut order: Vec<(Person, FieldSet)> = Vec::with_capacity(chosen.len());
            let mut only_disaster = std::collections::HashSet::new();
            for (p, hidden, marked) in chosen {
                if marked {
                    only_disaster.insert(p.id);
                }
                order.push((p, hidden));
            }
            order.sort_by(list_order);
            let columns: Vec<Field> = columns_set.iter().collect();
            let rows: Vec<ListRow> = order
                .iter()
                .enumerate()
                .map(|(i, (p, hidden))| {
                    let values = project(p, columns_set.minus(*hidden), c.today);
                    ListRow {
                        no: i + 1,
                        person_id: p.id.unwrap_or(0),
                        cells: values.0.into_iter().map(|v| (v.field, v.text)).collect(),
                        withheld: hidden.intersect(columns_set).iter().collect(),
                        disaster_only: only_disaster.contains(&p.id),
                    }
                })
                .collect();
            let persons: Vec<i64> = order.iter().filter_map(|(p, _)| p.id).collect();
            let map = if req.map {
                let shown = |hidden: &FieldSet| {
                    columns_set.contains(Field::Address) && !hidden.contains(Field::Address)
                };
                // Numbered as the rows are: the same person, the same number.
                let people: Vec<OnList> = rows
                    .iter()
                    .zip(&order)
                    .map(|(row, (p, hidden))| OnList {
                        no: row.no,
                        person_id: row.person_id,
                        may_draw: !p.address_protected && shown(hidden),
                    })
                    .collect();
                Some(gather(tx.conn(), &people, req.area)?)
            } else {
                None
            };
            drop(order);
            let cut_label = [
                c.district_name.clone(),
                c.association.clone(),
                req.block.map(|b| format!("{b}班").replace("班班", "班")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ");
            let cut_label = if cut_label.is_empty() { "全地区".to_string() } else { cut_label };
            let cut_label = match &area {
                Some(a) => format!("{cut_label} / {}", a.label()),
                None => cut_label,
            };
            let cut_label = match &expected {
                Some((shelter, _)) => format!("{cut_label} / 避難先 {}", shelter.name),
                None => cut_label,
            };
            let serial = issuance::next_serial(tx.conn(), today)?;
            let marking = disaster_marking(tx, c.mode)?;
            let kind = match req.profile {
                FieldProfile::Simplified => IssuanceKind::SimpleList,
                FieldProfile::Detailed => IssuanceKind::DetailedList,
            };
            let title = format!("避難行動要支援者名簿（{}）", req.profile.label());
            let recipient = &c.recipient;
            let furniture = Furniture {
                title: title.clone(),
                serial: Some(serial.clone()),
                subtitle: format!(
                    "提供先：{}（{}）　対象：{}　交付日：{}",
                    recipient.name,
                    recipient.kind.label(),
                    cut_label,
                    both_dates(today)
                ),
                disaster: marking.clone(),
                audit_head: audit::head_label(tx.conn())?,
                confidential: true,
            };
            let facts = vec![
                ("交付番号".to_string(), serial.clone()),
                ("提供先".to_string(), format!("{}（{}）", recipient.name, recipient.kind.label())),
                ("管理責任者".to_string(), if recipient.custodian.is_empty() { "（未登録）".to_string() } else { recipient.custodian.clone() }),
                ("対象地区".to_string(), cut_label.clone()),
                ("掲載人数".to_string(), format!("{}名", persons.len())),
                ("交付日".to_string(), both_dates(today)),
                ("返却期限".to_string(), both_dates(due)),
                ("提供の区分".to_string(), match &marking {
                    Some(_) => "災害時提供（災害対策基本法第49条の11第3項）".to_string(),
                    None => "平常時提供（本人同意・条例に基づく）".to_string(),
                }),
                ("交付者".to_string(), tx.account().to_string()),
            ];
            let rules = vec![
                "この名簿は避難支援等（避難の支援、安否の確認、平常時の見守り・訓練）のためにのみ使い、ほかの目的には使いません。".to_string(),
                "施錠できる場所に保管し、複製・撮影・転記・データ化をしないでください。".to_string(),
                "名簿に記載された情報を知り得た人には秘密を守る義務があります（災害対策基本法第49条の13）。役を退いた後も同じです。".to_string(),
                format!("紛失したとき、盗まれたときは、直ちに{}へ連絡してください（交付番号 {}）。", settings::municipality(tx.conn())?, serial),
                "返却期限までに返却してください。新しい名簿を受け取るときは、古い名簿と引き換えです。".to_string(),
            ];
            let doc = ListDoc {
                profile: req.profile,
                furniture: furniture.clone(),
                facts,
                rules,
                columns,
                rows,
                map,
            };
            let mut g = GlyphCheck::default();
            g.check(None, "recipient.name", &recipient.name);
            g.check(None, "recipient.custodian", &recipient.custodian);
            doc.check_glyphs(&mut g);
            g.finish()?;
            progress.step(Stage::Print, 1, 2)?;
            let recipient_name = recipient.name.clone();
            let custodian = recipient.custodian.clone();
            issue(
                tx,
                Record {
                    kind,
                    recipient_id: Some(req.recipient_id),
                    recipient_name,
                    custodian,
                    cut: cut_label.clone(),
                    profile: columns_set.tokens(),
                    disaster: marking.is_some(),
                    persons,
                    due_back: Some(due),
                    reprint_reason: req.reprint_reason,
                    password: req.password,
                    unlocked_reason,
                    title: title.clone(),
                    audit_action: "print.list",
                    excluded,
                    unplaced,
                },
                // A town's list takes seconds to lay out: a stop reaches into it.
                |_| {
                    doc.layout_or_stop(&|| progress.stop_requested())
                        .ok_or(Error::Cancelled)
                },
                furniture,
                out,
                progress,
            )
        })
    }
}

/// For a shelter's list, the shelter and the people whose plans name it; refused for a
/// shelter's operator without a shelter, for a shelter with any other recipient, and for
/// a shelter gone from the registry.
fn expected_at(
    conn: &crate::store::Connection,
    recipient: &crate::model::Recipient,
    recipient_id: i64,
    shelter: Option<i64>,
) -> Result<
    Option<(
        crate::model::shelter::Shelter,
        std::collections::HashSet<i64>,
    )>,
> {
    use crate::model::RecipientKind;
    match (recipient.kind == RecipientKind::Shelter, shelter) {
        (false, None) => Ok(None),
        (true, None) => Err(Error::invalid(
            "shelter",
            format!(
                "recipient {recipient_id} is a shelter's operator: it is given only the list of the people expected at its shelter; give --shelter ID"
            ),
        )),
        (false, Some(_)) => Err(Error::invalid(
            "shelter",
            format!(
                "a shelter's list is for its operator (a recipient of kind shelter); recipient {recipient_id} is {}",
                recipient.kind.label()
            ),
        )),
        (true, Some(id)) => {
            let s = crate::store::shelters::get(conn, id)?;
            if let Some(gone) = &s.gone_on {
                return Err(Error::invalid(
                    "shelter",
                    format!("shelter {id} went from the registry on {gone}: nobody is expected there"),
                ));
            }
            let people = crate::store::shelter_plans::expected_at(conn, id)?;
            Ok(Some((s, people)))
        }
    }
}
