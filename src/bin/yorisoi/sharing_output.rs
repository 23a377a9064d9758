//! Human-readable output of the sharing commands (Japanese labels; JSON keeps tokens).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufWriter, Write};

use chrono::NaiveDate;
use yorisoi::model::{ConsentRecord, Recipient};
use yorisoi::policy::consent::{self, ConsentFact, ConsentState, Scope};
use yorisoi::policy::settings::SettingEntry;
use yorisoi::policy::{Mode, SharePurpose};
use yorisoi::sharing::SharePreview;
use yorisoi::store::disaster::{DisasterState, DisasterStatus};
use yorisoi::worklists::consent::{ConsentWorklistReport, WorklistEntry};

/// One line per recipient.
pub fn recipients(list: &[Recipient]) {
    for r in list {
        out!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            r.id.unwrap_or(0),
            r.kind.label(),
            r.name,
            r.district.as_deref().unwrap_or("-"),
            r.custodian,
            r.association.as_deref().unwrap_or("-")
        );
    }
}

/// Every row, oldest first, then the current state of each purpose and recipient.
pub fn consent_history(rows: &[ConsentRecord], today: NaiveDate) {
    if rows.is_empty() {
        out!("同意の記録なし（未確認）");
        return;
    }
    out!("ID\t取得日\t目的\t提供先\t回答\t根拠\t代理人\t取得者\t様式番号\t有効期限\t記録");
    for c in rows {
        let recipient = match c.recipient_id {
            Some(id) => format!("{}（ID {id}）", c.recipient_kind.label()),
            None => c.recipient_kind.label().to_string(),
        };
        let proxy = if c.proxy_name.is_empty() {
            "-".to_string()
        } else {
            format!("{}（{}）", c.proxy_name, c.proxy_relationship)
        };
        out!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{proxy}\t{}\t{}\t{}\t{} {}",
            c.id.unwrap_or(0),
            c.obtained_on,
            c.purpose.label(),
            recipient,
            c.answer.label(),
            c.basis.map_or("-", |b| b.label()),
            dash(&c.obtained_by),
            dash(&c.evidence_ref),
            c.expires_on.as_deref().unwrap_or("-"),
            c.recorded_at.as_deref().unwrap_or(""),
            c.recorded_by.as_deref().unwrap_or("")
        );
    }
    let facts: Vec<ConsentFact> = rows.iter().filter_map(ConsentFact::from_record).collect();
    let scopes: BTreeSet<Scope> = facts.iter().map(ConsentFact::scope).collect();
    out!("現在（{today}）:");
    for s in scopes {
        let state = match consent::state(&facts, s, today) {
            ConsentState::NeverAsked => "未確認（今後の日付の回答のみ）".to_string(),
            ConsentState::Valid(c) => format!(
                "{} {}（有効期限 {}）",
                c.answer.label(),
                c.obtained_on,
                opt_date(c.expires_on)
            ),
            ConsentState::Expired(c) => format!("期限切れ（{} まで）", opt_date(c.expires_on)),
            ConsentState::NoAnswer(c) => format!("未回答（{} 照会）", c.obtained_on),
            ConsentState::Refused(c) => format!("不同意 {}", c.obtained_on),
            ConsentState::Withdrawn(c) => format!("撤回 {}", c.obtained_on),
        };
        let who = match s.recipient_id {
            Some(id) => format!("{}（ID {id}）", s.recipient_kind.label()),
            None => s.recipient_kind.label().to_string(),
        };
        out!("  {} / {who}: {state}", s.purpose.label());
    }
}

fn dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map_or("なし".to_string(), |d| d.to_string())
}

/// The list as the recipient would get it, with the reason per person, then the counts of
/// who is left off and why (ids and reasons are in the JSON output).
pub fn share_preview(p: &SharePreview) {
    // One buffered writer for the whole list: a line at a time to the terminal's line
    // buffer was a write call per line, 4.4 million of them for the whole town.
    let mut w = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if let Err(e) = write_share_preview(&mut w, p).and_then(|()| w.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

fn write_share_preview(w: &mut impl Write, p: &SharePreview) -> std::io::Result<()> {
    let purpose = match p.purpose {
        SharePurpose::Roster => "名簿情報の提供",
        SharePurpose::Plan => "個別避難計画の提供",
    };
    writeln!(
        w,
        "提供先: {}（{}、ID {}）　目的: {purpose}　地区: {}",
        p.recipient.name,
        p.recipient.kind.label(),
        p.recipient.id.unwrap_or(0),
        p.district.as_deref().unwrap_or("全地区")
    )?;
    let columns: Vec<&str> = p.columns.iter().map(|f| f.label()).collect();
    writeln!(w, "項目（{}）: {}", p.profile.label(), columns.join("、"))?;
    writeln!(
        w,
        "平常時の根拠: {}（{}）　判定時刻: {}",
        p.basis.label(),
        p.basis.token(),
        crate::output::jst(&p.at)
    )?;
    if p.mode == Mode::Disaster {
        if let Some(d) = &p.disaster {
            writeln!(
                w,
                "【災害時提供】災害対策基本法第49条の11第3項　理由: {}　開始: {}（{}）　期限: {}",
                d.reason.as_deref().unwrap_or(""),
                crate::output::jst(d.since.as_deref().unwrap_or("")),
                d.by.as_deref().unwrap_or(""),
                crate::output::jst(d.until.as_deref().unwrap_or(""))
            )?;
        }
    }
    for (n, s) in p.included.iter().enumerate() {
        let mark = if s.marked_disaster {
            "【災害時】"
        } else {
            ""
        };
        writeln!(w)?;
        writeln!(w, "{}. ID {}{mark}", n + 1, s.person_id)?;
        for v in &s.fields.0 {
            writeln!(w, "   {}: {}", v.field.label(), dash(&v.text))?;
        }
        if !s.withheld.is_empty() {
            writeln!(
                w,
                "   ※ 所在に関する項目は掲載しない（{}）",
                s.withheld
                    .iter()
                    .map(|f| f.label())
                    .collect::<Vec<_>>()
                    .join("、")
            )?;
        }
        writeln!(w, "   理由: {}", s.reason)?;
    }
    let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &p.excluded {
        *by_reason.entry(e.reason_code.label()).or_default() += 1;
    }
    let reasons: Vec<String> = by_reason.iter().map(|(r, n)| format!("{r} {n}")).collect();
    writeln!(w)?;
    writeln!(
        w,
        "対象 {} 人 / 対象外 {} 人{}",
        p.included_count,
        p.excluded_count,
        if reasons.is_empty() {
            String::new()
        } else {
            format!("（{}）", reasons.join("、"))
        }
    )?;
    Ok(())
}

/// On or off, and the particulars.
pub fn disaster_status(s: &DisasterStatus) {
    let get = |o: &Option<String>| o.clone().unwrap_or_default();
    let at = |o: &Option<String>| crate::output::jst(o.as_deref().unwrap_or(""));
    match s.state {
        DisasterState::Never => out!("災害時モード: オフ（記録なし）"),
        DisasterState::On => {
            out!("災害時モード: オン");
            out!("  理由: {}", get(&s.reason));
            out!("  切替: {}（{}）", at(&s.switched_at), get(&s.by));
            out!("  開始: {}", at(&s.since));
            out!("  期限: {}（自動で終了）", at(&s.until));
            if let Some(r) = s.renews {
                out!("  延長: 期間 {r} を延長");
            }
        }
        DisasterState::Off => out!(
            "災害時モード: オフ（{} に {} が終了。直前の期間: {} ～ {}、理由: {}）",
            at(&s.ended_at),
            get(&s.ended_by),
            at(&s.since),
            at(&s.until),
            get(&s.reason)
        ),
        DisasterState::Expired => out!(
            "災害時モード: オフ（期限切れ: {} に自動で終了。期間: {} ～、理由: {}）",
            at(&s.until),
            at(&s.since),
            get(&s.reason)
        ),
    }
}

fn worklist_section(title: &str, entries: &[WorklistEntry]) {
    out!("{title}: {} 件", entries.len());
    for e in entries {
        let mut line = format!(
            "  {}\t{}\t{}",
            e.person_id,
            e.name,
            e.district.as_deref().unwrap_or("-")
        );
        if let Some(c) = &e.consent {
            let who = match c.recipient_id {
                Some(id) => format!("{}（ID {id}）", c.recipient_kind.label()),
                None => c.recipient_kind.label().to_string(),
            };
            line.push_str(&format!(
                "\t{} / {who}\t{} {}",
                c.purpose.label(),
                c.answer.label(),
                c.obtained_on
            ));
            if let (Some(e), Some(d)) = (c.expires_on, c.days_left) {
                line.push_str(&format!("\t期限 {e}（{d}日）"));
            }
        } else {
            line.push_str(&format!("\t{}", e.registration_route.label()));
        }
        out!("{line}");
    }
}

/// The consent worklist, section by section.
pub fn consent_worklist(r: &ConsentWorklistReport) {
    out!("同意の作業リスト（{}、{} 日）", r.today, r.days);
    worklist_section(&format!("期限が近い（{} 日以内）", r.days), &r.expiring);
    worklist_section("期限切れ", &r.expired);
    worklist_section("未確認（同意の記録なし）", &r.never_asked);
    worklist_section("未回答", &r.no_answer);
    worklist_section("不同意（職員のみ）", &r.refused);
    worklist_section(&format!("撤回（{} 日以内）", r.days), &r.withdrawn);
    out!("※ 回収が必要な配布済みの写し: {}", r.issued_copies_note);
    out!("同意確認の手紙に未回答: {}", r.letters_unanswered.len());
    for l in &r.letters_unanswered {
        out!(
            "  {}\t{}\t{}\t{}（{}日前）",
            l.person_id,
            l.name,
            l.batch,
            l.sent_on,
            l.days
        );
    }
}

/// One line per setting.
pub fn settings(entries: &[SettingEntry]) {
    for e in entries {
        let default = if e.default { "（既定）" } else { "" };
        out!(
            "{}\t{}{default}\t{}",
            e.key,
            if e.value.is_empty() { "-" } else { &e.value },
            e.meaning
        );
    }
}
