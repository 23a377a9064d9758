//! Simplified and detailed lists: exactly who the sharing rule allows, the furniture on
//! every page, locking, disaster marking, characters no font has, and same input → same
//! bytes.

use yorisoi::policy::FieldProfile;
use yorisoi::printing::ListRequest;
use yorisoi::Error;

use super::support::*;

#[test]
fn a_simplified_list_holds_exactly_whom_the_rule_allows_with_its_furniture_on_every_page() {
    let mut town = town();
    let (printed, pdf) = list(&mut town.r, &simple(town.assoc)).unwrap();
    let pages = pages_text(&pdf, None);
    assert_eq!(printed.pages, pages.len());
    assert_eq!(printed.serial.as_deref(), Some("2026-00001"));
    let all = pages.join("\n");
    // On: consented (and the protected person, without an address).
    assert!(has_id(&all, town.both) && all.contains("青木 花子") && all.contains("あおき はなこ"));
    assert!(all.contains("みどり市中央町1-2-10"));
    assert!(has_id(&all, town.protected) && all.contains("遠藤 秘子"));
    assert!(
        !all.contains("中央町9-9-9"),
        "a protected address never prints"
    );
    assert!(all.contains("（非開示）"));
    // Off: refused the 自治会, never asked, another district.
    for (id, name) in [
        (town.refused_assoc, "井上 拒子"),
        (town.never, "上田 未問"),
        (town.other_district, "岡田 北子"),
    ] {
        assert!(
            !has_id(&all, id) && !all.contains(name),
            "{name} must not be on it"
        );
    }
    assert_eq!(printed.persons, 2);
    // Cover: count, custodian, receipt line.
    assert!(pages[0].contains("掲載人数") && pages[0].contains("2名"));
    assert!(pages[0].contains("吉岡 会長") && pages[0].contains("受領書"));
    assert!(pages[0].contains("令和8年11月22日（2026-11-22）"));
    assert!(
        pages[0].contains("令和9年11月22日（2027-11-22）"),
        "due back a year on"
    );
    // Every page: title, serial, confidentiality, x / y, the audit head.
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("避難行動要支援者名簿（簡易版）"), "page {i}");
        assert!(p.contains("交付番号 2026-00001"), "page {i}");
        assert!(p.contains("取扱注意・複製禁止"), "page {i}");
        assert!(
            p.contains(&format!("{} / {} ページ", i + 1, pages.len())),
            "page {i}"
        );
        assert!(p.contains("監査ハッシュ #"), "page {i}");
        assert!(
            !p.contains("災害時提供"),
            "normal time: no disaster marking"
        );
    }
    // Simplified fields only: no care level, no notes.
    assert!(!all.contains("要介護2"));
    // Sorted by address as people read it; the protected person last.
    let pos = |s: &str| all.find(s).unwrap();
    assert!(pos("青木 花子") < pos("遠藤 秘子"));
    // The ledger holds the copy and exactly its people.
    let copies = town.r.issuances(None).unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].person_count, 2);
    let detail = town.r.issuance_detail("2026-00001").unwrap();
    let mut ids: Vec<i64> = detail.persons.iter().map(|p| p.person_id).collect();
    ids.sort();
    let mut want = vec![town.both, town.protected];
    want.sort();
    assert_eq!(ids, want);
    // Subset font with a ToUnicode map.
    let fonts = pdffonts(&pdf);
    assert!(
        fonts.contains("IPAexGothic") && fonts.contains("yes yes yes"),
        "{fonts}"
    );
    // The print is audited with the serial and counts, no names.
    let log = town.r.audit_log(None, None).unwrap();
    let row = log.iter().find(|e| e.action == "print.list").unwrap();
    assert!(row.detail.contains("serial=2026-00001") && row.detail.contains("persons=2"));
    assert!(!row.detail.contains("青木"));
}

#[test]
fn the_commissioner_gets_the_person_the_association_may_not() {
    let mut town = town();
    let (_, pdf) = list(&mut town.r, &simple(town.commissioner)).unwrap();
    let all = pages_text(&pdf, None).join("\n");
    assert!(has_id(&all, town.refused_assoc) && all.contains("井上 拒子"));
    assert!(!has_id(&all, town.never));
}

#[test]
fn same_roster_and_clock_give_byte_identical_pdfs() {
    let a = {
        let mut t = town();
        list(&mut t.r, &simple(t.assoc)).unwrap().1
    };
    let b = {
        let mut t = town();
        list(&mut t.r, &simple(t.assoc)).unwrap().1
    };
    assert!(a.len() > 10_000);
    assert_eq!(a, b);
}

#[test]
fn a_detailed_list_is_locked_with_aes256_and_only_for_a_detailed_recipient() {
    let mut town = town();
    let req = ListRequest {
        recipient_id: town.commissioner,
        profile: FieldProfile::Detailed,
        password: Some("kagi-no-aikotoba"),
        ..Default::default()
    };
    // The recipient's profile is simplified until the municipality says otherwise.
    let e = list(&mut town.r, &req).unwrap_err();
    assert!(matches!(&e, Error::Invalid(v) if v.field == "kind"), "{e}");
    town.r
        .set_setting(
            &format!("recipient.{}.profile", town.commissioner),
            "detailed",
        )
        .unwrap();
    // No password: refused before anything is made.
    let e = list(
        &mut town.r,
        &ListRequest {
            password: None,
            ..req.clone()
        },
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "lock password"),
        "{e}"
    );
    let e = list(
        &mut town.r,
        &ListRequest {
            password: Some("short"),
            ..req.clone()
        },
    )
    .unwrap_err();
    assert!(matches!(&e, Error::Invalid(_)), "{e}");
    assert!(
        town.r.issuances(None).unwrap().is_empty(),
        "refusals record nothing"
    );

    let (printed, pdf) = list(&mut town.r, &req).unwrap();
    assert!(printed.locked);
    let (ok, enc) = qpdf(
        &["--password=kagi-no-aikotoba", "--show-encryption", "{pdf}"],
        &pdf,
    );
    assert!(ok, "{enc}");
    assert!(enc.contains("R = 6"), "{enc}");
    assert!(enc.contains("AESv3"), "{enc}");
    // Without the password nothing is readable.
    let (ok, _) = qpdf(&["--check", "{pdf}"], &pdf);
    assert!(!ok, "qpdf must need the password");
    assert!(!pdf.windows("青木".len()).any(|w| w == "青木".as_bytes()));
    let all = pages_text(&pdf, Some("kagi-no-aikotoba")).join("\n");
    assert!(all.contains("避難行動要支援者名簿（詳細版）"));
    assert!(
        all.contains("青木 花子") && all.contains("要介護2"),
        "detailed fields"
    );
    assert!(all.contains("井上 拒子"), "consented to the commissioner");
    assert!(!all.contains("上田 未問"));
    assert!(town.r.issuances(None).unwrap()[0].locked);
}

#[test]
fn a_disaster_time_list_includes_everyone_and_says_so_on_every_page() {
    let mut town = town();
    town.r
        .disaster_on("大雨特別警報（試験）", Some(24))
        .unwrap();
    let (printed, pdf) = list(&mut town.r, &simple(town.assoc)).unwrap();
    assert!(printed.disaster);
    let pages = pages_text(&pdf, None);
    let all = pages.join("\n");
    assert!(has_id(&all, town.never) && has_id(&all, town.refused_assoc));
    assert!(all.contains("【災害時提供】"));
    for p in &pages {
        assert!(
            p.contains("災害対策基本法第49条の11第3項"),
            "every page is marked"
        );
    }
    assert!(
        !all.contains("中央町9-9-9"),
        "protection holds in disaster mode too"
    );
    assert!(town.r.issuances(None).unwrap()[0].disaster);
}

#[test]
fn a_character_no_font_can_draw_stops_the_print_and_names_person_and_field() {
    let mut town = town();
    // A private-use character: the 外字 of an old municipal system.
    let id = add_neighbour(
        &mut town.r,
        "外字 \u{F0001}子",
        "がいじ えいこ",
        "みどり市中央町2-1",
        serde_json::json!({}),
    );
    let mut saved = false;
    let e = town
        .r
        .print_list(&simple(town.assoc), &mut |_: &[u8]| {
            saved = true;
            Ok(())
        })
        .unwrap_err();
    let Error::Unprintable(found) = &e else {
        panic!("expected Unprintable, got {e}");
    };
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].person_id, Some(id));
    assert_eq!(found[0].field, "name");
    assert_eq!(found[0].codepoint(), "U+F0001");
    assert!(e.to_string().contains(&format!("person {id} name")));
    assert!(!saved, "nothing is produced");
    assert!(town.r.issuances(None).unwrap().is_empty());
    assert!(!town
        .r
        .audit_log(None, None)
        .unwrap()
        .iter()
        .any(|e| e.action == "print.list"));
}

#[test]
fn names_outside_the_main_font_print_exactly_with_the_fallback() {
    if !yorisoi::print::fonts::fallback_installed() {
        eprintln!("IPAmj明朝 not installed: 𠮷 must be refused instead");
        let mut town = town();
        add_neighbour(
            &mut town.r,
            "𠮷田 花子",
            "よしだ はなこ",
            "みどり市中央町2-2",
            serde_json::json!({}),
        );
        assert!(matches!(
            list(&mut town.r, &simple(town.assoc)),
            Err(Error::Unprintable(_))
        ));
        return;
    }
    let mut town = town();
    add_neighbour(
        &mut town.r,
        "𠮷田 髙﨑子",
        "よしだ たかさきこ",
        "みどり市中央町2-2",
        serde_json::json!({}),
    );
    let (_, pdf) = list(&mut town.r, &simple(town.assoc)).unwrap();
    let all = pages_text(&pdf, None).join("\n");
    assert!(all.contains("𠮷田 髙﨑子"), "exact text back from the PDF");
    let fonts = pdffonts(&pdf);
    assert!(fonts.contains("IPAmjMincho"), "{fonts}");
}

#[test]
fn a_list_can_be_cut_to_an_association_and_long_lists_number_their_pages() {
    let mut town = town();
    for i in 0..60 {
        add_neighbour(
            &mut town.r,
            &format!("多数 {i}子"),
            "たすう こ",
            &format!("みどり市中央町5-{i}"),
            serde_json::json!({"association": "中央二丁目自治会"}),
        );
    }
    let req = ListRequest {
        association: Some("中央二丁目自治会"),
        ..simple(town.assoc)
    };
    let (printed, pdf) = list(&mut town.r, &req).unwrap();
    assert_eq!(printed.persons, 60);
    let pages = pages_text(&pdf, None);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let all = pages.join("\n");
    assert!(!all.contains("青木 花子"), "another association");
    for i in 0..60 {
        assert!(all.contains(&format!("多数 {i}子")), "row {i} is on a page");
    }
    // Addresses read in order: 5-2 before 5-10.
    assert!(
        all.find("中央町5-2 ").or(all.find("中央町5-2\n")).unwrap()
            < all.find("中央町5-10").unwrap()
    );
    let e = list(
        &mut town.r,
        &ListRequest {
            association: Some("存在しない自治会"),
            ..simple(town.assoc)
        },
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "association"),
        "{e}"
    );
}

#[test]
fn a_preview_shows_the_same_people_records_no_copy_and_is_audited() {
    let mut town = town();
    let preview = town.r.preview_list(&simple(town.assoc), 1).unwrap();
    assert_eq!(preview.pages.len(), 1, "only the pages asked for");
    assert!(preview.printed.pages >= 1);
    assert_eq!(preview.printed.serial.as_deref(), Some("2026-00001"));
    let svg: String = preview
        .pages
        .iter()
        .map(yorisoi::print::svg::page_svg)
        .collect();
    let all_pages = town.r.preview_list(&simple(town.assoc), 99).unwrap();
    let text: String = all_pages
        .pages
        .iter()
        .flat_map(|p| p.texts().map(str::to_owned))
        .collect();
    assert!(
        text.contains("青木 花子"),
        "the consented person is on the preview"
    );
    assert!(
        !text.contains("井上 拒子"),
        "the refusal keeps them off the preview"
    );
    assert!(svg.contains("<svg") && svg.contains("避難行動要支援者名簿"));
    assert!(
        town.r.issuances(None).unwrap().is_empty(),
        "a preview is not a copy"
    );
    let log = town.r.audit_log(None, None).unwrap();
    let row = log.iter().find(|e| e.action == "print.preview").unwrap();
    assert!(
        row.detail.contains("kind=") && row.detail.contains("persons=2"),
        "{}",
        row.detail
    );
    assert!(!row.detail.contains("青木"));
    // The print that follows takes the serial the preview showed and holds the same people.
    let (printed, pdf) = list(&mut town.r, &simple(town.assoc)).unwrap();
    assert_eq!(printed.serial, preview.printed.serial);
    assert_eq!(printed.persons, preview.printed.persons);
    let all = pages_text(&pdf, None).join("\n");
    assert!(!all.contains("井上 拒子"));
    // A second preview names the copy still out: printing will want a reason.
    let again = town.r.preview_list(&simple(town.assoc), 1).unwrap();
    assert_eq!(again.printed.reprint_of.as_deref(), Some("2026-00001"));
}

#[test]
fn a_detailed_preview_needs_no_password_but_follows_the_same_rule() {
    let mut town = town();
    let req = ListRequest {
        profile: FieldProfile::Detailed,
        ..simple(town.commissioner)
    };
    let e = list(&mut town.r, &req).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "lock password"),
        "{e}"
    );
    // The recipient receives the simplified list: the preview refuses just as the print.
    let e = town.r.preview_list(&req, 2).unwrap_err();
    assert!(matches!(&e, Error::Invalid(v) if v.field == "kind"), "{e}");
    town.r
        .set_setting(
            &format!("recipient.{}.profile", town.commissioner),
            "detailed",
        )
        .unwrap();
    let preview = town.r.preview_list(&req, 2).unwrap();
    assert!(!preview.printed.locked && !preview.pages.is_empty());
    assert!(town.r.issuances(None).unwrap().is_empty());
}
