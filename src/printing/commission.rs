//! The papers of a commission for its office: the 依頼書 and the person's pre-filled draft
//! sheet, one copy in the ledger (kind 個別避難計画, recipient the office), due back by the
//! commission's submission date — returned with the plan, or shredded.
//!
//! The office gets only its own commission's person, and only while the commission is
//! under way and the person's plan-creation consent still allows it. For a person under
//! address protection (DV・ストーカー等支援措置) everything that locates them is withheld,
//! as on every copy for others: the office asks the welfare office where to visit.

use chrono::{Days, NaiveDate};

use super::destination::{ledger_copy, settle, Destination};
use super::ledger::{due_back, issue, Output, Record};
use super::locking::{self, Sensitivity};
use super::plan_notes::plan_notes;
use super::Printed;
use crate::clock::jst_date;
use crate::commissions::rules::default_fee_item;
use crate::error::{Error, Result};
use crate::model::commission::fiscal_year;
use crate::model::{ConsentPurpose, IssuanceKind};
use crate::policy::{self, FieldSet, LOCATING};
use crate::print::claims::yen;
use crate::print::commission::RequestLetter;
use crate::print::furniture::{both_dates, Furniture};
use crate::print::glyphs::GlyphCheck;
use crate::print::plan::PlanSheet;
use crate::progress::Quiet;
use crate::store::{audit, commissions, facts, issuance, offices, persons, settings, Roster};

/// What to print for a commission.
#[derive(Debug, Clone, Default)]
pub struct CommissionPrint<'a> {
    /// The commission.
    pub commission_id: i64,
    /// Lock the PDF with this password …
    pub password: Option<&'a str>,
    /// … or say why it goes unlocked.
    pub unlocked_reason: Option<&'a str>,
    /// Why a second copy is printed while the first is still with the office.
    pub reprint_reason: Option<&'a str>,
    /// Due back (default: the commission's submission date).
    pub due_back: Option<NaiveDate>,
}

impl Roster {
    /// Prints the 依頼書 and the draft sheet of a commission under way for its office.
    pub fn print_commission(
        &mut self,
        req: &CommissionPrint<'_>,
        to: &mut dyn Destination,
    ) -> Result<Printed> {
        let unlocked_reason = locking::check(
            Sensitivity::Sensitive,
            req.password,
            req.unlocked_reason,
            false,
        )?;
        let result = self.commission_papers(req, unlocked_reason, &mut *to);
        settle(to, result, ledger_copy)
    }

    fn commission_papers(
        &mut self,
        req: &CommissionPrint<'_>,
        unlocked_reason: Option<String>,
        save: &mut dyn Destination,
    ) -> Result<Printed> {
        let id = req.commission_id;
        self.write(|tx| {
            let conn = tx.conn();
            let today = jst_date(tx.now());
            let head = commissions::head(conn, id)?;
            if !head.status.under_way() {
                return Err(Error::invalid(
                    "commission",
                    format!(
                        "commission {id} is {} ({}): its papers go to the office only while it is under way",
                        head.status.label(),
                        head.status.token()
                    ),
                ));
            }
            let office = offices::load_active(conn, head.office_id)?;
            let person = persons::load(conn, head.person_id)?;
            if person.archived.is_some() {
                return Err(Error::invalid(
                    "commission",
                    format!("person {} is archived: cancel commission {id}", head.person_id),
                ));
            }
            let s = settings::load(conn)?;
            let rows = facts::person_consents(conn, head.person_id, ConsentPurpose::PlanCreate)?;
            policy::commission::may_commission(&rows, s.basis, s.renewal_months, today).map_err(
                |why| {
                    Error::invalid(
                        "commission",
                        format!("person {}: {why}; cancel commission {id}", head.person_id),
                    )
                },
            )?;
            let allowed = if person.address_protected {
                FieldSet::all().minus(LOCATING)
            } else {
                FieldSet::all()
            };
            let notes = plan_notes(tx, &[&person], today)?;
            let (made_by, sharing) = notes
                .by_person
                .get(&head.person_id)
                .cloned()
                .unwrap_or_default();
            let municipality = settings::municipality(conn)?;
            let requested = NaiveDate::parse_from_str(&head.requested_on, "%Y-%m-%d")
                .unwrap_or(today);
            let visit_by = requested
                .checked_add_days(Days::new(u64::from(s.visit_days)))
                .unwrap_or(requested);
            let submit_by = requested
                .checked_add_days(Days::new(u64::from(s.submit_days)))
                .unwrap_or(requested);
            let due = match req.due_back {
                Some(d) => due_back(Some(d), today)?,
                None => submit_by.max(today.succ_opt().unwrap_or(today)),
            };
            let item = default_fee_item(head.plan_kind);
            let fee = match commissions::table(conn, fiscal_year(today))? {
                Some(t) => t
                    .items
                    .iter()
                    .find(|i| i.item == item)
                    .map(|i| format!("{} {}（{}年度の単価表。審査で承認された計画に支払います）", i.label, yen(i.yen), fiscal_year(today)))
                    .unwrap_or_default(),
                None => "単価表は別途お知らせします".to_string(),
            };
            let specialist = match specialist_name(tx, id)? {
                Some(n) => n,
                None => "（事業所でご指定ください）".to_string(),
            };
            let letter = RequestLetter {
                to: format!("{}　御中", office.name),
                from: format!("{municipality}長"),
                date: both_dates(today),
                body: vec![
                    format!(
                        "災害対策基本法第49条の14に基づく個別避難計画の{}について、下記のとおり依頼します。ご本人を訪問のうえ、同封の下書きに記入し、期限までにご提出ください。",
                        head.plan_kind.label()
                    ),
                    "ご本人は個別避難計画の作成に同意しています。同封の情報は計画の作成のためにのみ使い、第三者に提供しないでください（同法第49条の15に基づく守秘義務）。".to_string(),
                ],
                facts: vec![
                    ("委託番号".into(), id.to_string()),
                    ("対象者".into(), format!("{}（ID {}）", person.name, head.person_id)),
                    ("区分".into(), head.plan_kind.label().to_string()),
                    ("担当".into(), specialist),
                    ("依頼日".into(), both_dates(requested)),
                    ("訪問の目安".into(), both_dates(visit_by)),
                    ("提出期限".into(), both_dates(submit_by)),
                    ("報酬".into(), fee),
                ],
                notes: vec![
                    format!("この依頼書と下書きは交付台帳で管理しています（返却期限 {}）。計画とともに返却するか、提出後に裁断してその旨をご連絡ください。", both_dates(due)),
                    "計画に至らなかった場合（避難情報の提供のみ）も、その旨をご報告ください。".to_string(),
                    if person.address_protected {
                        "この方は住所等の秘匿措置の対象のため、下書きに住所・連絡先等を記載していません。訪問先は担当課にお問い合わせください。".to_string()
                    } else {
                        "下書きに記載の内容に誤りや変更があれば、赤字で訂正してください。".to_string()
                    },
                ],
            };
            let sheet = PlanSheet {
                person: &person,
                allowed,
                municipality: &municipality,
                today,
                made_by: &made_by,
                sharing: &sharing,
                disclaimer: &notes.disclaimer,
            };
            let mut g = GlyphCheck::default();
            for t in letter.texts() {
                g.check(Some(head.person_id), "commission", t);
            }
            g.check(None, "office.name", &office.name);
            sheet.check_glyphs(&mut g);
            g.finish()?;
            let serial = issuance::next_serial(conn, today)?;
            let title = "個別避難計画作成 依頼書・下書き".to_string();
            let furniture = Furniture {
                title: title.clone(),
                serial: Some(serial),
                subtitle: format!(
                    "提供先：{}（{}）　委託番号 {id}　作成：{}",
                    office.name,
                    office.kind.label(),
                    both_dates(today)
                ),
                disaster: None,
                audit_head: audit::head_label(conn)?,
                confidential: true,
            };
            let record = Record {
                kind: IssuanceKind::PlanSheets,
                recipient_id: Some(head.office_id),
                recipient_name: office.name.clone(),
                custodian: office.custodian.clone(),
                cut: format!("委託{id}"),
                profile: allowed.tokens(),
                disaster: false,
                persons: vec![head.person_id],
                due_back: Some(due),
                reprint_reason: req.reprint_reason,
                password: req.password,
                unlocked_reason,
                title,
                audit_action: "print.commission",
                excluded: 0,
                unplaced: 0,
            };
            issue(
                tx,
                record,
                |f| {
                    let mut pages = vec![letter.layout(f)];
                    pages.extend(sheet.layout(f));
                    Ok(pages)
                },
                furniture,
                Output::Save(save),
                &Quiet,
            )
        })
    }
}

/// The name of the specialist commission `id` names, if one.
fn specialist_name(tx: &crate::store::Tx<'_>, id: i64) -> Result<Option<String>> {
    let list = commissions::list(
        tx.conn(),
        &commissions::Filter {
            ids: vec![id],
            ..commissions::Filter::default()
        },
    )?;
    Ok(list.into_iter().next().and_then(|c| c.specialist_name))
}
