//! Human-readable output. Labels are Japanese (the officers' language); tokens stay in
//! the JSON output for scripts.

use chrono::NaiveDate;
use serde::Serialize;
use yorisoi::model::wareki::{age_on, to_wareki};
use yorisoi::model::{Person, PersonSummary, Supporter};
use yorisoi::store::{CheckReport, PurgeReport};

use crate::{fail, Outcome};

/// Prints `value` as pretty JSON.
pub fn json<T: Serialize>(value: &T) -> Outcome {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| fail(1, format!("cannot write JSON: {e}")))?;
    out!("{text}");
    Ok(())
}

/// An instant as officers read it: Japan time to the minute (`2026-11-23 17:17 JST`).
/// What cannot be parsed is shown as it is.
pub fn jst(instant: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(instant) {
        Ok(t) => yorisoi::clock::jst(t.with_timezone(&chrono::Utc))
            .format("%Y-%m-%d %H:%M JST")
            .to_string(),
        Err(_) => instant.to_string(),
    }
}

fn date_both(iso: &str) -> String {
    match NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => match to_wareki(d) {
            Some(w) => format!("{w}（{iso}）"),
            None => iso.to_string(),
        },
        Err(_) => iso.to_string(),
    }
}

fn line(label: &str, value: &str) {
    if !value.is_empty() {
        out!("  {label}: {value}");
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "あり"
    } else {
        "なし"
    }
}

/// The full record, section by section.
pub fn person(p: &Person, today: NaiveDate) {
    let age = NaiveDate::parse_from_str(&p.date_of_birth, "%Y-%m-%d")
        .map(|d| age_on(d, today))
        .unwrap_or(0);
    out!("【{}】 ID {}", p.name, p.id.unwrap_or(0));
    if let Some(a) = &p.archived {
        out!(
            "  ※ 名簿から除外済み: {} {} {}",
            a.on,
            a.reason.label(),
            a.note
        );
    }
    line("ふりがな", &p.furigana);
    line("性別", p.sex.label());
    line(
        "生年月日",
        &format!("{}　{age}歳", date_both(&p.date_of_birth)),
    );
    line("住所", &p.address);
    if p.address_protected {
        out!("  ※ 住所等の秘匿措置（DV・ストーカー等支援措置）対象: 住所を他者向けの名簿に載せないこと");
    }
    line("電話", &p.phone);
    line("携帯電話", &p.contact.mobile_phone);
    line("FAX", &p.contact.fax);
    line("メール", &p.contact.email);
    let place = [&p.district, &p.association, &p.block]
        .iter()
        .filter_map(|s| s.as_deref())
        .collect::<Vec<_>>()
        .join(" / ");
    line("地区 / 自治会 / 班", &place);
    line("宛名番号", p.resident_number.as_deref().unwrap_or(""));
    line("担当民生委員", &p.welfare_commissioner);
    line("区分", p.category.label());
    line("避難支援が必要な理由", &p.support_reason);
    line("要介護度", p.care_level.map(|c| c.label()).unwrap_or(""));
    if let Some(until) = &p.care_level_until {
        line("認定有効期間", &format!("{until} まで"));
    }
    if let Some(d) = &p.physical_disability {
        line("身体障害者手帳", &format!("{}級 {}", d.grade, d.kind));
    }
    line(
        "療育手帳",
        p.intellectual_disability_grade
            .map(|g| g.label())
            .unwrap_or(""),
    );
    line(
        "精神障害者保健福祉手帳",
        &p.mental_disability_grade
            .map(|g| format!("{g}級"))
            .unwrap_or_default(),
    );
    line("難病", &p.intractable_disease);
    for d in &p.medical_devices {
        let power = if d.power_dependent {
            "（電源必要）"
        } else {
            ""
        };
        line(
            "医療機器",
            &format!("{}{power} {}", d.device.label(), d.note),
        );
    }
    let needs = p
        .communication_needs
        .iter()
        .map(|n| n.label())
        .collect::<Vec<_>>()
        .join("、");
    line("コミュニケーション", &needs);
    line("移動", p.mobility.map(|m| m.label()).unwrap_or(""));
    line("世帯", p.household.map(|h| h.label()).unwrap_or(""));
    for m in &p.household_members {
        let age = m.age.map(|a| format!(" {a}歳")).unwrap_or_default();
        line(
            "同居者",
            &format!("{}（{}）{age} {}", m.name, m.relationship, m.note),
        );
    }
    for (i, c) in p.emergency_contacts.iter().enumerate() {
        line(
            &format!("緊急連絡先{}", i + 1),
            &format!("{}（{}）{} {}", c.name, c.relationship, c.phone, c.address),
        );
    }
    let h = &p.house;
    let house = [
        h.structure.map(|s| s.label().to_string()),
        h.storeys.map(|s| format!("{s}階建")),
        h.year_built.map(|y| format!("{y}年築")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    line("住居", &house);
    line("普段いる部屋", &h.usual_room);
    line("寝室", &h.bedroom_location);
    line("必要な支援", &p.help_needed);
    line("持ち出す物", &p.items_to_carry);
    line("アレルギー", &p.allergies);
    line("かかりつけ医", &p.regular_clinic);
    line("特記事項", &p.notes);
    line("緊急通報システム", yes_no(p.emergency_alarm));
    let z = &p.hazard_zones;
    let zones = [
        (z.flood, "浸水想定区域"),
        (z.landslide, "土砂災害警戒区域"),
        (z.tsunami, "津波浸水想定区域"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, l)| *l)
    .collect::<Vec<_>>()
    .join("、");
    line("災害リスク", &zones);
    line(
        "登録方式",
        format!(
            "{} {} {}",
            p.registration.route.label(),
            p.registration.date.as_deref().unwrap_or(""),
            p.registration.source
        )
        .trim(),
    );
    for s in &p.supporters {
        let when = match (s.available_day, s.available_night) {
            (true, true) => "昼夜",
            (true, false) => "昼のみ",
            (false, true) => "夜のみ",
            (false, false) => "不定",
        };
        line(
            &format!("避難支援者{}", s.position),
            &format!(
                "{}（{}・{when}）{} {}",
                s.name,
                s.kind.label(),
                s.phone,
                s.role
            ),
        );
    }
    match &p.plan {
        None => out!("  個別避難計画: 未作成"),
        Some(plan) => {
            for (i, d) in plan.destinations.iter().enumerate() {
                let shelter = d.shelter_id.map(|id| format!(" [避難先台帳 {id}]"));
                line(
                    &format!("避難先{}", i + 1),
                    &format!(
                        "{} {} {}{}",
                        d.kind_label(),
                        d.name,
                        d.address,
                        shelter.unwrap_or_default()
                    ),
                );
            }
            line("避難経路", &plan.route);
            line("避難方法", plan.means.map(|m| m.label()).unwrap_or(""));
            line("避難開始の目安", &plan.departure_timing);
            line(
                "情報の伝達者",
                format!(
                    "{} {}",
                    plan.warning_contact,
                    plan.warning_method.map(|m| m.label()).unwrap_or("")
                )
                .trim(),
            );
            line("連絡がつかない場合", &plan.if_unreachable);
            line(
                "計画作成者",
                format!("{} {}", plan.drafted_by, plan.drafted_by_role).trim(),
            );
            line(
                "作成 / 更新 / 確認",
                &format!(
                    "{} / {} / {}",
                    plan.created_on.as_deref().unwrap_or("-"),
                    plan.updated_on.as_deref().unwrap_or("-"),
                    plan.verified_on.as_deref().unwrap_or("-")
                ),
            );
        }
    }
    line("最終確認日", p.last_verified_on.as_deref().unwrap_or(""));
}

/// One line per person.
pub fn person_list(rows: &[PersonSummary]) {
    for r in rows {
        let archived = if r.archived { "\t(除外)" } else { "" };
        out!(
            "{}\t{}\t{}\t{}\t{}歳\t{}\t支援者{}{archived}",
            r.id,
            r.name,
            r.furigana,
            r.sex.label(),
            r.age,
            r.district.as_deref().unwrap_or("-"),
            r.supporters
        );
    }
    eprintln!("{} 件", rows.len());
}

/// One line per supporter.
pub fn supporter_list(rows: &[Supporter]) {
    for s in rows {
        out!(
            "{}\t{}\t{}\t{}\t担当{}人",
            s.id.unwrap_or(0),
            s.name,
            s.kind.label(),
            s.district.as_deref().unwrap_or("-"),
            s.load
        );
    }
}

/// The rows a purge removes (or would remove), by table.
pub fn purge_rows(report: &PurgeReport) {
    for (table, n) in &report.rows {
        out!("  {table}: {n}");
    }
}

/// The check report.
pub fn check(r: &CheckReport) {
    let ok = |b: bool| if b { "ok" } else { "FAULT" };
    out!(
        "integrity_check: {}",
        if r.integrity == ["ok"] {
            "ok".to_string()
        } else {
            r.integrity.join("; ")
        }
    );
    out!(
        "cipher_integrity_check: {}",
        if r.cipher_faults.is_empty() {
            "ok".to_string()
        } else {
            r.cipher_faults.join("; ")
        }
    );
    out!(
        "audit chain: {} ({} rows, head {})",
        ok(r.audit.first_fault.is_none()),
        r.audit.rows,
        r.audit.head
    );
    if let Some(f) = &r.audit.first_fault {
        out!("  first fault: {f}");
    }
    match r.owner_only {
        Some(true) => out!("file access: owner only"),
        Some(false) => out!(
            "file access: WARNING other accounts may read the roster file; unless that was \
             intended, restrict it to its owner (chmod 600, or on Windows remove the other \
             entries in the file's Security tab)"
        ),
        None => out!("file access: unknown (this file system keeps no permissions)"),
    }
    match &r.last_backup {
        Some(b) => out!(
            "last good backup: {} by {} ({})",
            jst(&b.at),
            b.account,
            b.kind
        ),
        None => out!("last good backup: none recorded — make one (`yorisoi backup --out FILE`)"),
    }
}

#[cfg(test)]
mod tests {
    use super::jst;

    #[test]
    fn instants_are_shown_in_japan_time() {
        assert_eq!(jst("2026-11-22T08:17:23.925Z"), "2026-11-22 17:17 JST");
        assert_eq!(jst("2026-12-31T15:00:00Z"), "2027-01-01 00:00 JST");
        assert_eq!(jst("not a time"), "not a time");
    }
}
