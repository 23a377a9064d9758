//! A small, fixed town for print tests, and readers for the PDFs.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use yorisoi::model::{
    ConsentAnswer, ConsentPurpose, ConsentRecord, Person, Recipient, RecipientKind,
};
use yorisoi::printing::{ListRequest, PlanRequest, Printed};
use yorisoi::Roster;

use super::common::{self, TempRoster};

/// Ids in the fixed town.
pub struct Town {
    pub t: TempRoster,
    pub r: Roster,
    /// 自治会 (neighbourhood) of 中央地区.
    pub assoc: i64,
    /// 民生委員 of 中央地区.
    pub commissioner: i64,
    /// Consented to both.
    pub both: i64,
    /// Refused the 自治会, consented to the 民生委員.
    pub refused_assoc: i64,
    /// Never asked.
    pub never: i64,
    /// Consented to both, address protected (支援措置).
    pub protected: i64,
    /// Consented to both, lives in 北地区 (another district).
    pub other_district: i64,
}

pub fn doc(
    name: &str,
    furigana: &str,
    address: &str,
    district: &str,
    extra: serde_json::Value,
) -> Person {
    let mut v = serde_json::json!({
        "name": name, "furigana": furigana, "sex": "female", "date_of_birth": "昭和15年3月2日",
        "address": address, "phone": "0990-11-2222", "district": district,
        "association": "中央一丁目自治会", "block": "2班", "category": "elderly-living-alone",
        "care_level": "care-2",
    });
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            o.insert(k.clone(), x.clone());
        }
    }
    Person::from_json(&v.to_string()).unwrap()
}

pub fn consent(person_id: i64, kind: RecipientKind, answer: ConsentAnswer) -> ConsentRecord {
    consent_for(person_id, ConsentPurpose::Roster, kind, answer)
}

pub fn consent_for(
    person_id: i64,
    purpose: ConsentPurpose,
    kind: RecipientKind,
    answer: ConsentAnswer,
) -> ConsentRecord {
    ConsentRecord {
        id: None,
        person_id,
        purpose,
        recipient_kind: kind,
        recipient_id: None,
        answer,
        basis: None,
        proxy_name: String::new(),
        proxy_relationship: String::new(),
        obtained_on: "2026-11-01".into(),
        obtained_by: "訪問 担当".into(),
        evidence_ref: "F-1".into(),
        expires_on: None,
        recorded_at: None,
        recorded_by: None,
    }
}

pub fn town() -> Town {
    let (t, mut r) = TempRoster::new();
    r.set_setting("municipality.name", "みどり市").unwrap();
    let recipient = |kind, name: &str, custodian: &str| Recipient {
        id: None,
        kind,
        name: name.into(),
        district: Some("中央地区".into()),
        association: None,
        custodian: custodian.into(),
        address: String::new(),
        phone: String::new(),
    };
    let nb = RecipientKind::Neighbourhood;
    let wc = RecipientKind::WelfareCommissioner;
    let both = r
        .add_person(doc(
            "青木 花子",
            "あおき はなこ",
            "みどり市中央町1-2-10",
            "中央地区",
            serde_json::json!({}),
        ))
        .unwrap();
    let refused_assoc = r
        .add_person(doc(
            "井上 拒子",
            "いのうえ きょこ",
            "みどり市中央町1-2-9",
            "中央地区",
            serde_json::json!({}),
        ))
        .unwrap();
    let never = r
        .add_person(doc(
            "上田 未問",
            "うえだ みもん",
            "みどり市中央町1-3-1",
            "中央地区",
            serde_json::json!({}),
        ))
        .unwrap();
    let protected = r
        .add_person(doc(
            "遠藤 秘子",
            "えんどう ひめこ",
            "みどり市中央町9-9-9",
            "中央地区",
            serde_json::json!({"address_protected": true}),
        ))
        .unwrap();
    let other_district = r
        .add_person(doc(
            "岡田 北子",
            "おかだ きたこ",
            "みどり市北町1-1",
            "北地区",
            serde_json::json!({}),
        ))
        .unwrap();
    let assoc = r
        .add_recipient(&recipient(nb, "中央一丁目自治会", "吉岡 会長"))
        .unwrap();
    let commissioner = r
        .add_recipient(&recipient(
            wc,
            "中央地区民生委員児童委員協議会",
            "吉田 委員",
        ))
        .unwrap();
    for id in [both, protected, other_district] {
        r.record_consent(consent(id, nb, ConsentAnswer::Consented))
            .unwrap();
        r.record_consent(consent(id, wc, ConsentAnswer::Consented))
            .unwrap();
    }
    r.record_consent(consent(refused_assoc, nb, ConsentAnswer::Refused))
        .unwrap();
    r.record_consent(consent(refused_assoc, wc, ConsentAnswer::Consented))
        .unwrap();
    Town {
        t,
        r,
        assoc,
        commissioner,
        both,
        refused_assoc,
        never,
        protected,
        other_district,
    }
}

/// The simplified list for `recipient`, the district's default cut.
pub fn simple(recipient: i64) -> ListRequest<'static> {
    ListRequest {
        recipient_id: recipient,
        profile: yorisoi::policy::FieldProfile::Simplified,
        ..Default::default()
    }
}

/// Adds a person of 中央地区 who consented to the 自治会's roster list; returns the id.
pub fn add_neighbour(
    r: &mut Roster,
    name: &str,
    furigana: &str,
    address: &str,
    extra: serde_json::Value,
) -> i64 {
    let id = r
        .add_person(doc(name, furigana, address, "中央地区", extra))
        .unwrap();
    r.record_consent(consent(
        id,
        RecipientKind::Neighbourhood,
        ConsentAnswer::Consented,
    ))
    .unwrap();
    id
}

/// Prints a list into memory.
pub fn list(r: &mut Roster, req: &ListRequest<'_>) -> yorisoi::Result<(Printed, Vec<u8>)> {
    let mut bytes = Vec::new();
    let printed = r.print_list(req, &mut |b: &[u8]| {
        bytes = b.to_vec();
        Ok(())
    })?;
    Ok((printed, bytes))
}

/// Prints plan sheets into memory.
pub fn plans(r: &mut Roster, req: &PlanRequest<'_>) -> yorisoi::Result<(Printed, Vec<u8>)> {
    let mut bytes = Vec::new();
    let printed = r.print_plans(req, &mut |b: &[u8]| {
        bytes = b.to_vec();
        Ok(())
    })?;
    Ok((printed, bytes))
}

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    for s in a.iter_mut() {
        if s == "{pdf}" {
            *s = path.display().to_string();
        }
    }
    Command::new(name).args(&a).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test (scripts/setup.sh installs it): {e}")
    })
}

/// The text of each page (pdftotext, reading order).
pub fn pages_text(pdf: &[u8], password: Option<&str>) -> Vec<String> {
    let mut args = vec![];
    if let Some(p) = password {
        args.push("-upw");
        args.push(p);
    }
    args.extend(["-layout", "{pdf}", "-"]);
    let out = tool("pdftotext", &args, pdf);
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Whether `text` mentions roster id `id` as printed on lists (`ID12`, not `ID123`).
pub fn has_id(text: &str, id: i64) -> bool {
    let needle = format!("ID{id}");
    text.match_indices(&needle).any(|(i, _)| {
        !text[i + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

pub fn qpdf(args: &[&str], pdf: &[u8]) -> (bool, String) {
    let out = tool("qpdf", args, pdf);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// A locked PDF as it opens with `password` (qpdf --decrypt), for tools that take none.
pub fn unlocked(pdf: &[u8], password: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (dir.path().join("locked.pdf"), dir.path().join("open.pdf"));
    std::fs::write(&from, pdf).unwrap();
    let out = Command::new("qpdf")
        .arg(format!("--password={password}"))
        .arg("--decrypt")
        .arg(&from)
        .arg(&to)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&to).unwrap()
}

pub fn pdffonts(pdf: &[u8]) -> String {
    String::from_utf8_lossy(&tool("pdffonts", &["{pdf}"], pdf).stdout).into_owned()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn roster_at(path: &Path, at: chrono::DateTime<chrono::Utc>) -> Roster {
    Roster::open(
        path,
        "試験 担当",
        &common::pass(),
        std::sync::Arc::new(yorisoi::FixedClock(at)),
    )
    .unwrap()
}
