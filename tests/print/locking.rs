//! The locking rule on paper: what has every field (a detailed list, the office's plan
//! sheets) is always locked; a recipient's plan sheets and drill check sheets carry more
//! than the simplified list and go unlocked only with a reason, which the print's audit
//! row keeps; the simplified list needs neither. Each locked file is checked encrypted
//! (qpdf), each refusal leaves no copy in the ledger.

use chrono::{NaiveDate, NaiveTime};
use yorisoi::drill::NewDrill;
use yorisoi::model::{ConsentAnswer, ConsentPurpose, RecipientKind};
use yorisoi::printing::drill::SheetRequest;
use yorisoi::printing::{PlanRequest, PlanTarget, Printed};
use yorisoi::{Error, Roster};

use super::common::{self, stderr, yorisoi, PASS};
use super::support::*;

const PW: &str = "kagi-no-aikotoba";

fn refused_field(result: yorisoi::Result<impl std::fmt::Debug>) -> (String, String) {
    match result {
        Err(Error::Invalid(e)) => (e.field.clone(), e.reason.clone()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The detail of the newest audit row of `action` (the log comes newest first).
fn last_detail(r: &Roster, action: &str) -> String {
    r.audit_log(None, None)
        .unwrap()
        .into_iter()
        .find(|e| e.action == action)
        .map(|e| e.detail)
        .unwrap_or_else(|| panic!("no {action} row"))
}

/// True when qpdf finds the file encrypted (and it opens with `PW`).
fn encrypted(pdf: &[u8]) -> bool {
    let (ok, enc) = qpdf(
        &[&format!("--password={PW}"), "--show-encryption", "{pdf}"],
        pdf,
    );
    assert!(ok, "{enc}");
    !enc.contains("File is not encrypted")
}

/// Someone of 中央地区 with a plan, who agreed to the 自治会's roster list and to sharing
/// the plan with it.
fn planned(town: &mut Town) -> i64 {
    let id = add_neighbour(
        &mut town.r,
        "計画 花子",
        "けいかく はなこ",
        "みどり市中央町1-5-5",
        serde_json::json!({"plan": {"route": "自宅 → 中央小学校（約300m）", "means": "walk"}}),
    );
    town.r
        .record_consent(consent_for(
            id,
            ConsentPurpose::PlanShare,
            RecipientKind::Neighbourhood,
            ConsentAnswer::Consented,
        ))
        .unwrap();
    id
}

fn plan_req(target: PlanTarget<'_>, recipient: Option<i64>) -> PlanRequest<'_> {
    PlanRequest {
        target,
        recipient_id: recipient,
        password: None,
        unlocked_reason: None,
        due_back: None,
        reprint_reason: None,
    }
}

#[test]
fn the_offices_plan_sheet_is_always_locked() {
    let mut town = town();
    let id = town.both;
    let (field, reason) = refused_field(plans(
        &mut town.r,
        &PlanRequest {
            unlocked_reason: Some("急ぎのため"),
            ..plan_req(PlanTarget::Person(id), None)
        },
    ));
    assert_eq!(field, "lock password");
    assert!(
        reason.contains("--lock-password-env") && reason.contains("always locked"),
        "{reason}"
    );
    assert!(
        town.r.issuances(None).unwrap().is_empty(),
        "a refusal records nothing"
    );

    let (printed, pdf) = plans(
        &mut town.r,
        &PlanRequest {
            password: Some(PW),
            ..plan_req(PlanTarget::Person(id), None)
        },
    )
    .unwrap();
    assert!(printed.locked && encrypted(&pdf));
    let (ok, _) = qpdf(&["--check", "{pdf}"], &pdf);
    assert!(!ok, "without the password nothing is readable");
    assert!(pages_text(&pdf, Some(PW)).join("\n").contains("青木 花子"));
    assert!(town.r.issuances(None).unwrap()[0].locked);
    let detail = last_detail(&town.r, "print.plan");
    assert!(
        detail.contains("locked=true") && !detail.contains("unlocked_reason"),
        "{detail}"
    );
    // The preview shows the pages on screen and needs no password.
    assert!(town
        .r
        .preview_plans(&plan_req(PlanTarget::Person(id), None), 1)
        .is_ok());
}

#[test]
fn a_recipients_plan_sheet_goes_unlocked_only_with_a_reason_and_the_audit_keeps_it() {
    let mut town = town();
    let id = planned(&mut town);
    let req = plan_req(PlanTarget::Person(id), Some(town.assoc));
    let (field, reason) = refused_field(plans(&mut town.r, &req));
    assert_eq!(field, "unlocked reason");
    assert!(reason.contains("--unlocked-reason"), "{reason}");
    let long = "理".repeat(201);
    let (field, _) = refused_field(plans(
        &mut town.r,
        &PlanRequest {
            unlocked_reason: Some(&long),
            ..req
        },
    ));
    assert_eq!(field, "unlocked reason");
    assert!(
        town.r.issuances(None).unwrap().is_empty(),
        "refusals record nothing"
    );

    let why = "提供先にロック解除の手段がないため、手渡しで交付";
    let (printed, pdf) = plans(
        &mut town.r,
        &PlanRequest {
            unlocked_reason: Some(why),
            ..req
        },
    )
    .unwrap();
    assert!(!printed.locked && !encrypted(&pdf));
    let detail = last_detail(&town.r, "print.plan");
    assert!(
        detail.ends_with(&format!(",unlocked_reason={why}")) && detail.contains("locked=false"),
        "{detail}"
    );

    // Locked, it needs no reason, and none is recorded.
    let (printed, pdf) = plans(
        &mut town.r,
        &PlanRequest {
            password: Some(PW),
            reprint_reason: Some("施錠版に差し替え"),
            ..req
        },
    )
    .unwrap();
    assert!(printed.locked && encrypted(&pdf));
    assert!(!last_detail(&town.r, "print.plan").contains("unlocked_reason"));
}

fn drill(r: &mut Roster) -> i64 {
    r.drill_new(&NewDrill {
        name: "施錠の訓練",
        held_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        scenario: "",
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        districts: &["中央地区".to_string()],
        targets: (20, 90),
        disaster: false,
    })
    .unwrap()
    .id
}

fn sheet(r: &mut Roster, req: &SheetRequest<'_>) -> yorisoi::Result<(Printed, Vec<u8>)> {
    let mut bytes = Vec::new();
    let p = r.print_drill_sheet(req, &mut |b: &[u8]| {
        bytes = b.to_vec();
        Ok(())
    })?;
    Ok((p, bytes))
}

#[test]
fn a_drill_sheet_is_locked_or_says_why_not() {
    let mut town = town();
    let d = drill(&mut town.r);
    let base = SheetRequest {
        drill_id: d,
        district: "中央地区",
        recipient_id: Some(town.assoc),
        ..Default::default()
    };
    let (field, _) = refused_field(sheet(&mut town.r, &base));
    assert_eq!(field, "unlocked reason");
    assert!(town.r.issuances(None).unwrap().is_empty());

    let (printed, pdf) = sheet(
        &mut town.r,
        &SheetRequest {
            password: Some(PW),
            ..base.clone()
        },
    )
    .unwrap();
    assert!(printed.locked && encrypted(&pdf));
    assert!(has_id(&pages_text(&pdf, Some(PW)).join("\n"), town.both));
    assert!(town.r.issuances(None).unwrap()[0].locked);

    let (printed, pdf) = sheet(
        &mut town.r,
        &SheetRequest {
            unlocked_reason: Some("会場のプリンタがPDFのパスワードに対応していない"),
            reprint_reason: Some("班ごとに配るため"),
            ..base.clone()
        },
    )
    .unwrap();
    assert!(!printed.locked && !encrypted(&pdf));
    assert!(last_detail(&town.r, "print.drill-sheet")
        .ends_with(",unlocked_reason=会場のプリンタがPDFのパスワードに対応していない"));
}

#[test]
fn the_simplified_list_needs_no_lock_and_a_detailed_list_no_reason_instead() {
    let mut town = town();
    let (printed, pdf) = list(&mut town.r, &simple(town.assoc)).unwrap();
    assert!(!printed.locked && !encrypted(&pdf));
    assert!(!last_detail(&town.r, "print.list").contains("unlocked_reason"));
    town.r
        .set_setting(
            &format!("recipient.{}.profile", town.commissioner),
            "detailed",
        )
        .unwrap();
    let detailed = yorisoi::printing::ListRequest {
        profile: yorisoi::policy::FieldProfile::Detailed,
        unlocked_reason: Some("急ぎ"),
        ..simple(town.commissioner)
    };
    let (field, _) = refused_field(list(&mut town.r, &detailed));
    assert_eq!(field, "lock password");
}

/// The command line: exit 5 naming what to give; the reason reaches the audit log; the
/// password comes from the named variable and the file is encrypted.
#[test]
fn the_command_line_refuses_unlocked_prints_and_records_the_reason() {
    let mut town = town();
    let person = planned(&mut town).to_string();
    let d = drill(&mut town.r);
    let db = town.t.path.clone();
    let assoc = town.assoc.to_string();
    drop(town.r);
    let dir = town.t.dir.path();
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();

    let office = path("office.pdf");
    let o = yorisoi(
        &db,
        Some(PASS),
        &["print", "plan", "--person", &person, "--out", &office],
    );
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("--lock-password-env"), "{}", stderr(&o));
    assert!(!dir.join("office.pdf").exists());

    let theirs = path("theirs.pdf");
    let args = [
        "print",
        "plan",
        "--person",
        &person,
        "--recipient",
        &assoc,
        "--out",
        &theirs,
    ];
    let o = yorisoi(&db, Some(PASS), &args);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("--unlocked-reason"), "{}", stderr(&o));
    assert!(!dir.join("theirs.pdf").exists());
    let why = "受け取る会長がPDFを開けないため";
    let o = yorisoi(
        &db,
        Some(PASS),
        &[&args[..], &["--unlocked-reason", why][..]].concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = yorisoi(&db, Some(PASS), &["audit", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let plan_row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "print.plan")
        .unwrap();
    assert!(
        plan_row["detail"]
            .as_str()
            .unwrap()
            .ends_with(&format!("unlocked_reason={why}")),
        "{plan_row}"
    );

    let locked = path("sheet.pdf");
    let o = {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_yorisoi"));
        c.args([
            "--db",
            db.to_str().unwrap(),
            "drill",
            "sheet",
            &d.to_string(),
        ])
        .args(["--district", "中央地区", "--lock-password-env", "SHEET_PW"])
        .args(["--out", &locked])
        .env("YORISOI_PASSPHRASE", PASS)
        .env("YORISOI_ACCOUNT", common::ACCOUNT)
        .env("YORISOI_OPERATOR", "試験 担当")
        .env("SHEET_PW", PW)
        .stdin(std::process::Stdio::null());
        c.output().unwrap()
    };
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(encrypted(&std::fs::read(dir.join("sheet.pdf")).unwrap()));
}
