//! The real window, driven the way a person would use it:
//! Xvfb → tauri-driver → WebKitWebDriver → `yorisoi-desktop`, over W3C WebDriver.
//!
//! Needs `tauri-driver` on PATH (`cargo install tauri-driver --locked --version '^2'`),
//! Debian's `webkit2gtk-driver` and `xvfb`. Without them the test fails, on purpose:
//! a skipped window test looks exactly like a passing one.
//!
//! Screenshots of every step go to `<target>/e2e-artifacts/<test>/`.
//!
//! Linux only: that is where WebKitWebDriver and Xvfb exist.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use yorisoi::{Clock as _, Passphrase, Roster, SystemClock};

const APP: &str = env!("CARGO_BIN_EXE_yorisoi-desktop");
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const PATIENCE: Duration = Duration::from_secs(30);
/// A name the environment offers for the operator: the app must ignore it and name the OS
/// account instead (the audit log keeps it beside the account, as information).
const SPOOFED_OPERATOR: &str = "e2e-spoofed-officer";
/// The roster's first admin account, and its passphrase.
const ACCOUNT: &str = "福祉課 田中";
const PASSPHRASE: &str = "ひなん訓練は 毎年 九月 sunday-42";

/// One window at a time: two WebKits on two cores only slow each other down.
static ONE_WINDOW: Mutex<()> = Mutex::new(());

#[test]
fn create_search_and_lock_in_the_real_window() {
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-roster.db");
    let window = Window::open(&roster_file, "create");
    let app = &window.session;

    // 1. No roster yet: the create form, for the file we chose (never the real roster).
    app.wait_for_text("#unlock-title", "新しい名簿を作成");
    assert_eq!(
        app.text(&app.find("#roster-path")),
        roster_file.display().to_string(),
        "the app must use YORISOI_DB, not the user's real roster"
    );
    app.screenshot("01-create-form");

    // The language switch swaps every word and back.
    app.click("#language");
    app.wait_for_text("#unlock-title", "Create a new roster");
    app.screenshot("01b-create-form-english");
    app.click("#language");
    app.wait_for_text("#unlock-title", "新しい名簿を作成");

    // The first admin account: its name, and a passphrase the core's strength rule
    // judges as it is typed.
    app.type_into("#account", ACCOUNT);
    app.type_into("#passphrase", "password123");
    app.wait_for("#strength[data-level='weak']");
    app.wait_for_text("#strength", "よく使われる");
    app.screenshot("02a-create-weak");
    app.script("const p = document.getElementById('passphrase'); p.value = ''; p.dispatchEvent(new Event('input'));");
    app.type_into("#passphrase", PASSPHRASE);
    app.type_into("#confirmation", PASSPHRASE);
    app.wait_for_text("#strength", "十分な強さです");
    app.screenshot("02-create-filled");
    app.click("#unlock-submit");

    // 1b. The recovery key, shown once, with its sheet.
    let saved = home.path().join("saved");
    std::fs::create_dir_all(&saved).expect("a folder for saved files");
    app.wait_for_text("#notes-title", "名簿を作成しました");
    let groups = recovery_groups(app);
    app.screenshot("02b-recovery-key");
    assert!(
        app.find_all("#nav-roster").is_empty(),
        "no menu until the key is kept"
    );
    let continue_disabled =
        app.script("return document.getElementById('recovery-continue').disabled");
    assert_eq!(continue_disabled, Some(json!(true)), "confirm first");
    app.click("#recovery-sheet-save");
    app.wait_for_text("#recovery-sheet-saved", "回復キー");
    let sheet = pdfs_in(&saved).pop().expect("the recovery sheet");
    let text = pdftotext(&sheet);
    for group in &groups {
        assert!(
            text.contains(group.as_str()),
            "{group} on the sheet:\n{text}"
        );
    }
    std::fs::remove_file(&sheet).expect("the sheet put away");
    app.screenshot("02c-recovery-sheet-saved");
    app.click("#recovery-kept");
    app.click("#recovery-continue");

    // 2. The roster screen, empty, with who is working.
    app.wait_for("#roster-table");
    app.wait_for_text("#signed-in", ACCOUNT);
    for header in [
        "ID",
        "氏名",
        "ふりがな",
        "地区",
        "年齢",
        "要介護度",
        "支援者",
    ] {
        app.wait_for_text("#roster-table thead", header);
    }
    app.wait_for_text("#roster-empty", "まだ誰も登録されていません");
    assert!(roster_file.exists(), "creating must write the roster file");
    app.screenshot("03-roster");

    // 3. Search as you type.
    app.type_into("#search", "やまだ");
    app.wait_for_text("#roster-empty", "「やまだ」に該当する人はいません");
    app.screenshot("04-search");

    // 4. Recipients: the neighbourhood association and the welfare commissioner.
    app.click("#nav-recipients");
    for (kind, name, custodian) in [
        ("neighbourhood", "中央町自治会", "会長 田中"),
        ("welfare-commissioner", "民生委員 山本", "山本 和子"),
    ] {
        app.select("#recipient-kind", kind);
        app.type_into("#recipient-name", name);
        app.type_into("#recipient-custodian", custodian);
        app.click("#recipient-submit");
        app.wait_for_text("#recipients-table", name);
    }
    app.wait_for_text("#recipients-table", "山本 和子");
    // A new custodian for the commissioner (an edit, audited), and a 自治会 that
    // disbanded before anything was printed for it, retired after a confirmation.
    let row_button = |class: &str, name: &str| {
        let id = app.script(&format!(
            "const b = [...document.querySelectorAll('.{class}')].find(b => b.getAttribute('aria-label').endsWith(': {name}')); \
             if (!b) return null; b.id = '{class}-chosen'; return b.id;"
        ));
        format!(
            "#{}",
            id.and_then(|v| v.as_str().map(str::to_owned))
                .expect("the row's button")
        )
    };
    app.click(&row_button("recipient-edit", "民生委員 山本"));
    app.wait_for_text("#recipient-form h2", "民生委員 山本");
    app.script("const c = document.getElementById('recipient-custodian'); c.value = ''; c.dispatchEvent(new Event('input'));");
    app.type_into("#recipient-custodian", "山本 花江");
    app.click("#recipient-submit");
    app.wait_for_text("#recipients-done", "民生委員 山本");
    app.wait_for_text("#recipients-table", "山本 花江");
    app.select("#recipient-kind", "neighbourhood");
    app.type_into("#recipient-name", "解散した自治会");
    app.click("#recipient-submit");
    app.wait_for_text("#recipients-table", "解散した自治会");
    app.click(&row_button("recipient-retire", "解散した自治会"));
    app.wait_for_text("#recipient-retire-question", "解散した自治会");
    app.click("#recipient-retire-yes");
    app.wait_for_text("#recipients-done", "解散した自治会");
    let table = app.script("return document.getElementById('recipients-table').innerText");
    assert!(
        table
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|t| !t.contains("解散した自治会")),
        "a retired recipient leaves the table: {table:?}"
    );
    app.screenshot("05-recipients");

    // 5. Supporters: one lives at the person's own address (a warning), one does not.
    app.click("#nav-supporters");
    for (name, address) in [
        ("佐藤 一郎", "みどり市中央町1-2-3"),
        ("鈴木 次郎", "みどり市北町5-6"),
    ] {
        app.type_into("#supporter-name", name);
        app.type_into("#supporter-address", address);
        app.click("#supporter-submit");
        app.wait_for_text("#supporters-table", name);
    }
    // A supporter's own consent to be named in plans.
    app.click("#supporters-table tbody tr:first-child .consent-open");
    app.wait_for_text("#supporter-consent-title", "佐藤 一郎");
    app.select("#supporter-consent-purpose", "be-named");
    app.select("#supporter-consent-answer", "consented");
    app.click("#supporter-consent-record");
    app.wait_for("#supporter-consent-history tr[data-purpose='be-named'][data-answer='consented']");
    app.screenshot("06-supporters");

    // 6. A new person: a missing name is shown beside the field, a wareki date is read.
    app.click("#nav-roster");
    app.click("#new-person");
    app.wait_for_text("#person-title", "新規登録");
    app.click("#person-save");
    app.wait_for_text("#f-name-error", "必須項目です");
    app.wait_for_text("#f-address-error", "必須項目です");
    app.screenshot("07-person-required");
    app.type_into("#f-name", "山田 花子");
    // Furigana in kanji is refused beside the field, in Japanese, before anything is sent.
    app.type_into("#f-furigana", "山田 はなこ");
    app.click("#person-save");
    app.wait_for_text("#f-furigana-error", "ひらがなまたはカタカナ");
    app.type_into("#f-furigana", "\u{E009}a\u{E000}\u{E003}やまだ はなこ");
    app.select("#f-sex", "female");
    app.type_into("#f-date_of_birth", "昭和15年3月2日");
    app.wait_for_text("#f-date_of_birth-reading", "1940-03-02");
    app.type_into("#f-address", "みどり市中央町1-2-3");
    app.type_into("#f-district", "中央地区");
    app.select("#f-care_level", "care-3");
    app.click("#person-save");
    app.wait_for_text("#person-saved", "保存しました");
    app.wait_for_text("#person-title", "山田 花子");
    app.wait_for_text("#supporters-none", "支援者が割り当てられていません");
    app.screenshot("08-person-saved");

    // 7. Two supporters; the one at the same address is flagged before assigning.
    app.type_into("#supporter-search", "佐藤");
    app.wait_for_text("#supporter-candidates", "同じ住所");
    app.screenshot("09-supporter-warning");
    app.click("#supporter-candidates li button.assign");
    app.wait_for_text("#supporters-one", "1人だけ");
    app.type_into("#supporter-search", "鈴木");
    app.wait_for_text("#supporter-candidates", "鈴木 次郎");
    app.click("#supporter-candidates li button.assign");
    let order = || {
        app.script(
            "return [...document.querySelectorAll('#assigned-supporters li .name')] \
               .map(e => e.textContent)",
        )
    };
    app.wait_until("two supporters in order", || {
        (order()? == json!(["佐藤 一郎", "鈴木 次郎"])).then_some(())
    });
    // Reorder: the second goes first.
    app.click("#assigned-supporters li:nth-child(2) button[aria-label^='上へ']");
    app.wait_until("the supporters reordered", || {
        (order()? == json!(["鈴木 次郎", "佐藤 一郎"])).then_some(())
    });
    app.screenshot("10-supporters-assigned");

    // 8. Consent: refused for the 自治会, consented for the 民生委員.
    for (kind, answer) in [
        ("neighbourhood", "refused"),
        ("welfare-commissioner", "consented"),
    ] {
        app.select("#consent-purpose", "roster");
        app.select("#consent-recipient-kind", kind);
        app.select("#consent-answer", answer);
        app.click("#consent-record");
        app.wait_for(&format!(
            "#consent-history tr[data-kind='{kind}'][data-answer='{answer}']"
        ));
    }
    app.wait_for_text("#consent-history", "不同意");
    app.wait_for_text("#consent-history", "自治会");
    app.wait_for_text("#consent-history", "民生委員");
    app.screenshot("11-consents");

    // The record's own audit trail shows what was done to it.
    for action in [
        "person.add",
        "supporter.assign",
        "supporter.reorder",
        "consent.record",
    ] {
        app.wait_for_text("#person-audit", action);
    }

    // 8b. Print: a simplified list for the 自治会 leaves the person out (they refused),
    // the one for the 民生委員 has them. The save dialog is replaced by
    // YORISOI_E2E_SAVE_DIR (debug builds only); the PDFs are read back with pdftotext.
    app.click("#nav-print");
    app.wait_for("#print-form");
    let recipient_option = |name: &str| {
        app.wait_until(&format!("{name} offered for printing"), || {
            app.script(&format!(
                "return [...document.querySelectorAll('#print-recipient option')] \
                   .find(o => o.textContent.trim() === '{name}')?.value ?? null"
            ))?
            .as_str()
            .map(str::to_owned)
        })
    };
    let mut serials = Vec::new();
    for (step, recipient, present) in [
        ("20-print", "中央町自治会", false),
        ("21-print-commissioner", "民生委員 山本", true),
    ] {
        let id = recipient_option(recipient);
        app.select("#print-recipient", &id);
        app.click("#print-preview");
        app.wait_for("#print-preview-pages img.preview-page");
        app.wait_for_text("#print-summary", if present { "1名" } else { "0名" });
        let before = pdfs_in(&saved);
        app.wait_until("the preview pages drawn", || {
            let drawn = app.script(
                "const i = document.querySelector('img.preview-page'); \
                 if (!i || !i.complete || i.naturalWidth === 0) return false; \
                 document.getElementById('print-preview-title').scrollIntoView(); return true;",
            )?;
            (drawn == json!(true)).then_some(())
        });
        app.screenshot(&format!("{step}-preview"));
        app.click("#print-save");
        app.wait_for_text("#print-saved", "交付台帳に記録");
        // 「印刷」 hands the saved file to the PC's PDF viewer (not clicked here: Xvfb has none).
        app.wait_for_text("#print-open", "印刷");
        app.screenshot(step);
        let after = pdfs_in(&saved);
        assert_eq!(after.len(), before.len() + 1, "one new PDF per print");
        let pdf = after
            .iter()
            .find(|p| !before.contains(p))
            .expect("the new PDF");
        let text = pdftotext(pdf);
        assert!(
            text.contains(recipient),
            "the list names its recipient:\n{text}"
        );
        assert_eq!(
            text.contains("山田 花子") || text.contains("やまだ はなこ"),
            present,
            "山田 花子 on the list for {recipient}:\n{text}"
        );
        let serial = app.text(&app.find("#print-saved"));
        serials.push(
            serial
                .split_whitespace()
                .find(|w| w.len() == 10 && w.as_bytes()[4] == b'-')
                .map(str::to_owned)
                .unwrap_or_else(|| panic!("a serial in {serial}")),
        );
    }

    // 8b'. The consent form, filled in for her (the roster's first person), to hand over:
    // saved, not in the ledger.
    let before = pdfs_in(&saved);
    app.click("#print-document-form");
    app.type_into("#print-form-person", "1");
    app.click("#print-save");
    app.wait_for_text("#print-saved", "保存しました");
    let after = pdfs_in(&saved);
    let form = after
        .iter()
        .find(|p| !before.contains(p))
        .expect("the form's PDF");
    let text = pdftotext(form);
    assert!(
        text.contains("同意書") && text.contains("山田 花子"),
        "the form is hers:\n{text}"
    );
    assert!(!app.text(&app.find("#print-saved")).contains("交付番号"));
    app.click("#print-document-list");

    // 8c. The ledger lists both copies; one comes back and is recorded returned.
    app.click("#nav-ledger");
    for serial in &serials {
        app.wait_for(&format!(
            "#ledger-table tr[data-serial='{serial}'] td[data-status='issued']"
        ));
    }
    app.wait_for_text("#ledger-table", "中央町自治会");
    app.wait_for_text("#ledger-table", "民生委員 山本");
    let first = &serials[0];
    app.click(&format!(".ledger-open[data-serial='{first}']"));
    app.wait_for_text("#ledger-detail-title", first);
    app.select("#ledger-status", "returned");
    app.type_into("#ledger-note", "会長が持参");
    app.click("#ledger-record");
    app.wait_for(&format!(
        "#ledger-table tr[data-serial='{first}'] td[data-status='returned']"
    ));
    app.wait_for_text("#ledger-done", "返却済");
    app.screenshot("22-ledger");

    // 9. Katakana finds the hiragana furigana; the row shows care level and supporters.
    app.click("#nav-roster");
    app.type_into("#search", "ヤマダ");
    app.wait_until("山田 花子 found by katakana", || {
        let row = app.script(
            "const r = document.querySelector('#roster-table tbody tr.row'); \
             return r && [...r.cells].map(c => c.textContent.trim());",
        )?;
        let cells: Vec<&str> = row.as_array()?.iter().filter_map(Value::as_str).collect();
        (cells.get(1)? == &"山田 花子" && cells.get(5)? == &"要介護3" && cells.get(6)? == &"2")
            .then_some(())
    });
    app.screenshot("12-katakana-search");

    // 10. A name that is markup is shown as text, never run.
    const XSS: &str = "<img src=x onerror=alert(1)> 太郎";
    app.click("#new-person");
    app.type_into("#f-name", XSS);
    app.type_into("#f-date_of_birth", "1950-01-01");
    app.type_into("#f-address", "みどり市南町9");
    app.click("#person-save");
    app.wait_for_text("#person-saved", "保存しました");
    app.wait_for_text("#person-title", XSS);
    app.click("#person-back");
    app.type_into("#search", "onerror");
    app.wait_for_text("#roster-table tbody", XSS);
    let images = app
        .script("return document.querySelectorAll('#roster-table img, #person-title img').length");
    assert_eq!(images, Some(json!(0)), "the name became an element");
    assert!(
        app.call("GET", "/alert/text", None).is_err(),
        "a script ran from a name"
    );
    app.screenshot("13-markup-as-text");

    // Filters and sorting: by consent worklist, then by age either way.
    let names = || {
        app.script(
            "return [...document.querySelectorAll('#roster-table tbody tr.row td:nth-child(2) button')] \
               .map(b => b.textContent)",
        )
    };
    // Escape empties the search box.
    app.type_into("#search", "\u{E00C}");
    app.select("#filter-consent", "refused");
    app.wait_until("only the person who refused", || {
        (names()? == json!(["山田 花子"])).then_some(())
    });
    app.select("#filter-consent", "never-asked");
    app.wait_until("only the person never asked", || {
        (names()? == json!([XSS])).then_some(())
    });
    app.screenshot("13b-filter-never-asked");
    app.select("#filter-consent", "");
    app.click("#sort-age");
    app.wait_until("oldest first", || {
        (names()? == json!(["山田 花子", XSS])).then_some(())
    });
    app.click("#sort-age");
    app.wait_until("youngest first", || {
        (names()? == json!([XSS, "山田 花子"])).then_some(())
    });

    // 11. Disaster mode: switched on with a reason, an unmistakable banner, then off.
    app.click("#nav-disaster");
    app.click("#disaster-on");
    app.wait_for_text("#disaster-reason-error", "必須項目です");
    app.type_into("#disaster-reason", "大雨特別警報（訓練）");
    app.click("#disaster-on");
    app.click("#disaster-confirm");
    app.wait_for_text("#disaster-banner", "災害モード中");
    app.wait_for_text("#disaster-banner", "大雨特別警報（訓練）");
    app.click("#nav-roster");
    app.wait_for_text("#disaster-banner", "終了予定");
    app.screenshot("14-disaster-banner");
    // Renewing (new reason, two hours) moves the expiry and shows the new reason.
    app.click("#nav-disaster");
    let until_before = app.text(&app.find("#disaster-until"));
    app.type_into("#disaster-reason", "延長（訓練）");
    app.type_into("#disaster-hours", "2");
    app.click("#disaster-on");
    app.click("#disaster-confirm");
    app.wait_for_text("#disaster-banner", "延長（訓練）");
    app.wait_until("a new expiry", || {
        let now = app.try_text(&app.try_find_all("#disaster-until")?.into_iter().next()?)?;
        (now != until_before).then_some(())
    });
    app.click("#disaster-off");
    app.wait_for("#disaster-state[data-state='off']");
    assert!(
        app.find_all("#disaster-banner").is_empty(),
        "banner after switch-off"
    );

    // 12. The audit log: unlock, consent and disaster switches recorded; the chain holds.
    app.click("#nav-audit");
    for action in [
        "roster.create",
        "consent.record",
        "disaster.on",
        "disaster.off",
    ] {
        app.wait_for_text("#audit-table", action);
    }
    app.click("#audit-verify");
    app.wait_for("#audit-chain[data-ok='true']");
    app.wait_for_text("#audit-chain", "改ざんは見つかりません");
    app.screenshot("15-audit");

    // 13. Worklists: the person with consent answers is not "never asked"; the XSS
    // person has no supporter.
    app.click("#nav-worklists");
    app.wait_for_text("#dashboard", "全体");
    app.wait_for_text("#work-no-supporter", "太郎");
    app.screenshot("16-worklists");

    // Larger text and English, while working. Settings name the account, its role and
    // the computer's user name (asked of the OS, never read from USER / USERNAME).
    app.click("#nav-settings");
    app.wait_for_text("#settings-account", ACCOUNT);
    app.wait_for_text("#settings-role", "管理者");
    let os_account = yorisoi::platform::os_account().expect("the OS names this account");
    app.wait_for_text("#settings-operator", &os_account);
    assert!(
        !app.text(&app.find("#settings-operator"))
            .contains(SPOOFED_OPERATOR),
        "the operator came from USER/USERNAME"
    );
    app.click("#text-larger");
    app.click("#settings-save");
    app.wait_until("larger text", || {
        let size = app.script("return getComputedStyle(document.documentElement).fontSize")?;
        (size == json!("22px")).then_some(())
    });
    app.click("#language");
    app.wait_for_text("#settings-title", "Settings");
    app.wait_for_text("#nav-roster", "Roster");
    app.screenshot("16b-settings-larger-english");
    app.click("#language");
    app.wait_for_text("#settings-title", "設定");
    app.click("#text-normal");
    app.click("#settings-save");

    // 14. Lock: the roster disappears and the open form comes back.
    app.click("#lock");
    app.wait_for_text("#unlock-title", "名簿を開く");
    assert!(
        app.find_all("#roster-table").is_empty(),
        "the roster is still on screen after Lock"
    );
    let body = app.text(&app.find("body"));
    for leaked in ["年齢", "山田", "佐藤", "太郎", "自治会"] {
        assert!(!body.contains(leaked), "{leaked} is still on screen");
    }
    app.screenshot("17-locked");

    // The roster's location can be changed while locked, to a full path of a .db file.
    app.click("#change-location");
    app.type_into("#location-path", "\u{E009}a\u{E009}\u{E003}relative.db");
    app.click("#location-submit");
    app.wait_for_text("#location-error", "full path");
    app.click("#change-location");

    // 15. The account is remembered, never the passphrase. A wrong passphrase is refused
    // with its own message; after three, the core makes this account wait, and the page
    // counts the seconds down with the button off.
    let remembered = app.script("return document.getElementById('account').value");
    assert_eq!(
        remembered,
        Some(json!(ACCOUNT)),
        "the last account is offered"
    );
    let typed = app.script("return document.getElementById('passphrase').value");
    assert_eq!(typed, Some(json!("")), "no passphrase is kept");
    app.type_into("#passphrase", "not the passphrase");
    app.click("#unlock-submit");
    app.wait_for(".error[data-code='wrong_passphrase']");
    app.screenshot("18-wrong-passphrase");
    let cleared = || {
        app.wait_until("the wrong passphrase to be cleared", || {
            let v = app.script("return document.getElementById('passphrase').value")?;
            (v == json!("")).then_some(())
        })
    };
    cleared();
    for _ in 0..2 {
        app.type_into("#passphrase", "still not it\u{E007}");
        cleared();
        app.wait_for(".error[data-code='wrong_passphrase']");
    }
    app.type_into("#passphrase", "again wrong\u{E007}");
    app.wait_for(".error[data-code='unlock_delayed']");
    app.wait_for_text(".error", "秒待って");
    let disabled = app.script("return document.getElementById('unlock-submit').disabled");
    assert_eq!(
        disabled,
        Some(json!(true)),
        "the button waits with the core"
    );
    app.screenshot("19-unlock-delayed");
    // When the wait is over, the right passphrase opens.
    app.wait_until("the wait to end", || {
        let d = app.script("return document.getElementById('unlock-submit').disabled")?;
        (d == json!(false)).then_some(())
    });
    app.script("const p = document.getElementById('passphrase'); p.value = ''; p.dispatchEvent(new Event('input'));");
    app.type_into("#passphrase", &format!("{PASSPHRASE}\u{E007}"));
    app.wait_for("#roster-table");
}

#[test]
fn open_a_demo_roster_search_it_and_lock_it() {
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-demo.db");
    let on_roster;
    {
        let passphrase = Passphrase::new(PASSPHRASE.to_owned());
        let clock = Arc::new(SystemClock);
        let (mut roster, _recovery) =
            Roster::create(&roster_file, ACCOUNT, &passphrase, clock).expect("roster");
        yorisoi::demo::populate(&mut roster, 300, 7).expect("demo people");
        on_roster = roster
            .list_persons(&yorisoi::PersonQuery::default())
            .expect("list")
            .len();
    }
    let window = Window::open(&roster_file, "demo");
    let app = &window.session;

    // Enter (WebDriver's U+E007) submits the form.
    app.wait_for_text("#unlock-title", "名簿を開く");
    app.type_into("#account", ACCOUNT);
    app.type_into("#passphrase", &format!("{PASSPHRASE}\u{E007}"));
    app.wait_for("#roster-table tbody tr.row");
    // Everyone on the roster is counted (no cut-off), while only the rows on screen exist.
    app.wait_for_text(".status", &format!("{on_roster} 人"));
    let rows = app.script("return document.querySelectorAll('#roster-table tbody tr.row').length");
    let rows = rows.and_then(|r| r.as_u64()).expect("row count") as usize;
    assert!(
        rows < on_roster && rows > 5,
        "{rows} rows in the page for {on_roster} people"
    );
    // 作成状況 counts the same people, and gives the pace of the high-priority ones.
    app.wait_for("#coverage-panel[data-loaded='true']");
    app.wait_for_text("#coverage-people", &format!("{on_roster}人"));
    app.wait_for_text("#coverage-pace", "残り");
    app.screenshot("01-roster");

    // Search for the family name (in kana) of the first person listed.
    let first = app.wait_until("the first row", || {
        let row = app.script(
            "const r = document.querySelector('#roster-table tbody tr.row'); \
             return r && { id: r.cells[0].textContent, kana: r.cells[2].textContent };",
        )?;
        Some((
            row["id"].as_str()?.to_owned(),
            row["kana"].as_str()?.to_owned(),
        ))
    });
    let family = first
        .1
        .split_whitespace()
        .next()
        .expect("furigana")
        .to_owned();
    app.type_into("#search", &family);
    app.wait_until(&format!("rows for {family}"), || {
        let ids = app.script(
            "return [...document.querySelectorAll('#roster-table tbody tr.row')] \
               .map(r => r.cells[0].textContent)",
        )?;
        let ids: Vec<&str> = ids.as_array()?.iter().filter_map(Value::as_str).collect();
        let shown = app.script("return document.querySelector('.status').textContent")?;
        let count: u32 = shown
            .as_str()?
            .trim()
            .trim_end_matches('人')
            .trim()
            .parse()
            .ok()?;
        (count < on_roster as u32 && ids.contains(&first.0.as_str())).then_some(())
    });
    app.screenshot("02-search");

    // Keyboard only: Enter on the first row opens the person's full record.
    let name = app.wait_until("the first row's name", || {
        let v = app.script(
            "return document.querySelector('#roster-table tbody tr.row td:nth-child(2) button') \
               ?.textContent",
        )?;
        v.as_str().map(str::to_owned)
    });
    app.type_into(
        "#roster-table tbody tr.row td:nth-child(2) button",
        "\u{E007}",
    );
    app.wait_for_text("#person-title", &name);
    let shown = app.script("return document.getElementById('f-name').value");
    assert_eq!(shown, Some(json!(name)), "the form holds the record");
    app.wait_for("#person-audit");
    app.wait_for_text("#person-audit", "person.view");
    app.screenshot("03-person");

    // Archive with a reason, then restore.
    app.select("#archive-reason", "entered-facility");
    app.click("#person-archive");
    app.wait_for_text("#archived-banner", "施設入所");
    assert!(
        app.find_all("#person-save").is_empty(),
        "an archived record is read-only"
    );
    app.click("#person-restore");
    app.wait_for("#person-save");
    assert!(app.find_all("#archived-banner").is_empty());
    app.wait_for_text("#person-audit", "person.restore");
    app.click("#person-back");

    // A recipient's area is chosen from the roster's names: typing a district offers
    // its own 自治会.
    app.click("#nav-recipients");
    app.type_into("#recipient-district", "中央地区");
    let offered = app.wait_until("中央地区's 自治会 offered", || {
        let v = app.script(
            "return [...document.querySelectorAll('#recipient-association-names option')] \
               .map(o => o.value)",
        )?;
        let names: Vec<String> = v
            .as_array()?
            .iter()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect();
        (!names.is_empty()).then_some(names)
    });
    let central = [
        "中央一丁目自治会",
        "中央二丁目自治会",
        "本町自治会",
        "駅前自治会",
    ];
    assert!(
        offered.iter().all(|n| central.contains(&n.as_str())),
        "only 中央地区's 自治会: {offered:?}"
    );

    app.click("#lock");
    app.wait_for_text("#unlock-title", "名簿を開く");
    assert!(
        app.find_all("#roster-table").is_empty(),
        "the roster is still on screen after Lock"
    );
    assert!(
        !app.text(&app.find("body")).contains(&family),
        "a name is still on screen"
    );
    app.screenshot("04-locked");
}

/// A safety-check drill on a demo town: the drill is created and its check sheet printed
/// in the window, then results are entered with the keyboard only (a number, Enter, a
/// status key, a time from the paper, Enter), including a re-check and a correction; the
/// live board and the report count them. At a shelter's desk, a person's barcode scanned
/// records their arrival, and the board counts it for that shelter. The roster holds
/// exactly what was typed.
#[test]
fn run_a_drill_and_enter_results_by_keyboard() {
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-drill.db");
    let (district, recipient, shelter) = {
        let passphrase = Passphrase::new(PASSPHRASE.to_owned());
        let clock = Arc::new(SystemClock);
        let (mut roster, _recovery) =
            Roster::create(&roster_file, ACCOUNT, &passphrase, clock).expect("roster");
        yorisoi::demo::populate(&mut roster, 300, 7).expect("demo people");
        let districts = roster.districts().expect("districts");
        let recipients = roster.recipients().expect("recipients");
        let (district, recipient) = districts
            .iter()
            .find_map(|d| {
                recipients
                    .iter()
                    .find(|r| {
                        r.kind == yorisoi::model::RecipientKind::Neighbourhood
                            && r.district.as_deref() == Some(d.name.as_str())
                    })
                    .map(|r| (d.name.clone(), r.id.expect("stored recipient")))
            })
            .expect("a district with a 自治会 recipient");
        // A shelter of the registry that the plan of everyone in the district names, so
        // whoever the sheet carries is expected there.
        let new_shelter: yorisoi::model::shelter::NewShelter =
            serde_json::from_value(json!({ "name": "E2E みどり小学校", "capacity": 40 }))
                .expect("a shelter");
        let shelter = roster.add_shelter(new_shelter).expect("shelter added").id;
        let people = roster
            .list_persons(&yorisoi::PersonQuery {
                district: Some(district.clone()),
                ..Default::default()
            })
            .expect("the district's people");
        assert!(!people.is_empty(), "people in {district}");
        for p in &people {
            roster
                .set_destination(&yorisoi::shelters::DestinationSet {
                    person_id: p.id,
                    hazard: None,
                    place: yorisoi::shelters::DestinationPlace::Shelter {
                        id: shelter,
                        direct: false,
                    },
                })
                .expect("a plan naming the shelter");
        }
        (district, recipient, shelter)
    };
    let saved = home.path().join("saved");
    std::fs::create_dir_all(&saved).expect("a folder for saved prints");
    let window = Window::open(&roster_file, "drill");
    let app = &window.session;

    app.wait_for_text("#unlock-title", "名簿を開く");
    app.type_into("#account", ACCOUNT);
    app.type_into("#passphrase", &format!("{PASSPHRASE}\u{E007}"));
    app.wait_for("#roster-table tbody tr.row");
    // Keyboard: Enter on the menu button.
    app.type_into("#nav-drills", "\u{E007}");
    app.wait_for_text("#drill-title", "安否確認訓練");

    // A new drill for one district, held yesterday (Japan time) from midnight, so that
    // times typed from the paper (00:05 …) are after the start and before now at any
    // hour the test runs.
    app.wait_for("#drill-new");
    app.type_into("#drill-name", "E2E 安否確認訓練");
    let yesterday = SystemClock.today() - chrono::Days::new(1);
    app.script("const d = document.getElementById('drill-held-on'); d.value = ''; d.dispatchEvent(new Event('input'));");
    app.type_into("#drill-held-on", &yesterday.to_string());
    app.script("const s = document.getElementById('drill-start'); s.value = ''; s.dispatchEvent(new Event('input'));");
    app.type_into("#drill-start", "00:00");
    let checkbox = app.wait_until("the district's checkbox", || {
        let id = app.script(&format!(
            "const c = [...document.querySelectorAll('input.drill-district')].find(c => c.value === '{district}'); \
             if (!c) return null; c.id = 'drill-district-chosen'; return c.id;"
        ))?;
        id.as_str().map(str::to_owned)
    });
    app.type_into(&format!("#{checkbox}"), " ");
    app.type_into("#drill-name", "\u{E007}");
    app.wait_for_text("#drill-created", "E2E 安否確認訓練");
    app.wait_for("#drill-sheet-form");

    // The check sheet for the district's 自治会, saved (debug builds: into `saved`).
    app.select("#drill-sheet-recipient", &recipient.to_string());
    // The lock is proposed; switched off, the window asks why (the reason is audited).
    app.type_into("#drill-sheet-lock", " ");
    app.type_into(
        "#drill-sheet-unlocked-reason",
        "訓練会場の複合機で印刷するため",
    );
    app.type_into("#drill-sheet-print", "\u{E007}");
    app.wait_for_text("#drill-sheet-saved", "交付台帳に記録");
    app.screenshot("01-sheet");
    let sheets = pdfs_in(&saved);
    assert_eq!(sheets.len(), 1, "one sheet saved: {sheets:?}");
    let text = pdftotext(&sheets[0]);
    assert!(
        text.contains("安否確認訓練チェックシート") && text.contains("E2E"),
        "{text}"
    );
    // The numbers a volunteer reads off the sheet.
    let mut ids: Vec<i64> = text
        .split("ID")
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert!(ids.len() >= 3, "people on the sheet: {ids:?}\n{text}");
    app.wait_for("#drill-sheets tbody tr");

    // Warnings to supporters, keyboard only: the first supporter on the call list is
    // reached at 00:03 (typed from the paper), and the focus moves on to the next.
    app.type_into("#drill-tab-warn", "\u{E007}");
    app.wait_for("#drill-warn-table tbody tr");
    app.type_into("#drill-warn-caller", "本部 佐々木");
    app.type_into("#drill-warn-time", "0003");
    let supporters = app
        .script("return [...document.querySelectorAll('#drill-warn-table tbody tr')].map(r => Number(r.dataset.supporter))")
        .and_then(|v| serde_json::from_value::<Vec<i64>>(v).ok())
        .expect("the call list");
    assert!(supporters.len() >= 2, "supporters to warn: {supporters:?}");
    let warned = supporters[0];
    app.type_into(&format!("#drill-warn-reached-{warned}"), "\u{E007}");
    app.wait_for_text("#drill-warn-done", "00:03");
    app.wait_for_text(
        &format!("#drill-warn-table tr[data-supporter='{warned}'] td.warn-state"),
        "伝達済み 00:03",
    );
    app.wait_until("the next supporter to have the focus", || {
        let id = app.script("return document.activeElement?.id ?? null")?;
        (id == json!(format!("drill-warn-reached-{}", supporters[1]))).then_some(())
    });
    app.wait_for_text(
        "#drill-warn-summary",
        &format!("伝達済み 1 / {}", supporters.len()),
    );
    app.screenshot("01b-warnings");

    // Entry, keyboard only.
    app.type_into("#drill-tab-entry", "\u{E007}");
    app.wait_for("#drill-entry");
    app.type_into("#drill-checker", "木村 ボランティア");
    // `typed` is what the keyboard (or a barcode scanner, which types the zero-padded
    // digits and Enter) sends for `number`.
    let enter = |number: i64, typed: &str, key: &str, time: &str| {
        app.type_into("#drill-number", &format!("{typed}\u{E007}"));
        app.wait_for_text("#drill-who", &format!("ID{number}"));
        let focused = app.wait_until("the status to have the focus", || {
            let id = app.script("return document.activeElement?.id ?? null")?;
            id.as_str()
                .filter(|i| i.starts_with("drill-status-"))
                .map(str::to_owned)
        });
        app.type_into(&format!("#{focused}"), key);
        app.wait_until("the time to have the focus", || {
            let id = app.script("return document.activeElement?.id ?? null")?;
            (id == json!("drill-time")).then_some(())
        });
        app.type_into("#drill-time", &format!("{time}\u{E007}"));
        app.wait_for_text("#drill-entry-done", &format!("ID{number}"));
        let number_left = app.script("return document.getElementById('drill-number').value");
        assert_eq!(
            number_left,
            Some(json!("")),
            "the number is cleared for the next"
        );
    };
    let (a, b) = (ids[0], ids[1]);
    enter(a, &a.to_string(), "1", "0005");
    enter(b, &b.to_string(), "3", "00:10");
    // As a scanner reads the sheet's barcode: an even count of digits, zero-padded.
    enter(b, &format!("{b:06}"), "1", "0020");
    // A correction: a was found needing help, not safe.
    app.type_into("#drill-correct", " ");
    enter(a, &a.to_string(), "2", "0005");
    // The corrected entry stays listed, struck through; the others stand.
    let struck = app.script(
        "return [...document.querySelectorAll('#drill-recent tr.struck')].map(r => r.dataset.person)",
    );
    assert_eq!(
        struck,
        Some(json!([a.to_string()])),
        "only a's first entry is corrected"
    );
    app.script("document.getElementById('drill-entry-done').scrollIntoView({ block: 'center' })");
    app.screenshot("02-entered");
    // A number on no sheet is refused beside the field, and nothing is recorded.
    app.type_into("#drill-number", "999999\u{E007}");
    app.wait_until("the number's message", || {
        let t = app.script("return document.getElementById('drill-number-error').textContent")?;
        t.as_str()?
            .contains("この番号の人は名簿にいません")
            .then_some(())
    });
    // Someone on the roster but on no sheet of this drill.
    let elsewhere = (1..)
        .find(|i| !ids.contains(i))
        .expect("a number off the sheet");
    app.script("const n = document.getElementById('drill-number'); n.value = ''; n.dispatchEvent(new Event('input'));");
    app.type_into("#drill-number", &format!("{elsewhere}\u{E007}"));
    app.wait_until("the off-sheet message", || {
        let t = app.script("return document.getElementById('drill-number-error').textContent")?;
        t.as_str()?
            .contains("どのシートにも載っていません")
            .then_some(())
    });
    app.screenshot("02-entry");

    // The board counts the current results.
    app.type_into("#drill-tab-board", "\u{E007}");
    let row = format!("#drill-board tr[data-district='{district}']");
    app.wait_for(&row);
    let count = |status: &str| -> u64 {
        app.wait_until(&format!("the {status} count"), || {
            let v = app.script(&format!(
                "return document.querySelector(\"{row} td[data-count='{status}']\")?.textContent ?? null"
            ))?;
            v.as_str()?.trim().parse().ok()
        })
    };
    assert_eq!(count("safe"), 1);
    assert_eq!(count("needs-help"), 1);
    assert_eq!(count("not-home"), 0);
    assert_eq!(count("unreached"), ids.len() as u64 - 2);
    app.wait_for_text(
        &format!("{row} td.warned-cell"),
        &format!("1 / {}", supporters.len()),
    );
    let unknown = app.text(&app.find("section.unknown"));
    assert!(
        !unknown.contains(&format!("ID{b} ")) && unknown.contains(&format!("ID{}", ids[2])),
        "still unknown: {unknown}"
    );
    app.screenshot("03-board");

    // The report.
    app.type_into("#drill-tab-report", "\u{E007}");
    app.wait_for_text("#drill-report-counts", "入力 4 件（うち訂正 1 件）");
    app.wait_for("#drill-chart path");
    app.script("document.getElementById('drill-chart').scrollIntoView({ block: 'center' })");
    app.screenshot("04-chart");
    app.type_into("#drill-lessons", "班長への連絡網を見直す");
    app.click("#drill-lessons-save");
    app.wait_for_text("#drill-report-notice", "保存しました");
    app.click("#drill-report-print");
    app.wait_for_text("#drill-report-notice", "ページ");
    app.screenshot("05-report");
    let report = pdfs_in(&saved)
        .into_iter()
        .find(|p| !sheets.contains(p))
        .expect("the report PDF");
    let text = pdftotext(&report);
    assert!(text.contains("班長への連絡網を見直す"), "{text}");

    // Arrivals at the shelter's desk: the shelter chosen once, then the barcode on the
    // sheet scanned (the zero-padded digits and Enter). The field clears itself and keeps
    // the focus for the next person.
    let arriving = ids[2];
    app.type_into("#drill-tab-arrive", "\u{E007}");
    app.wait_for("#drill-arrive");
    app.select("#drill-arrive-shelter", &shelter.to_string());
    app.type_into("#drill-arrive-receiver", "受付 山本");
    app.type_into(
        "#drill-arrive-code",
        &format!("{}\u{E007}", yorisoi::print::barcode::payload(arriving)),
    );
    app.wait_for_text(
        &format!("#drill-arrive-recent tr[data-person='{arriving}'] td.arrive-result"),
        "予定どおり",
    );
    app.wait_for_text("#drill-arrive-done", &format!("ID{arriving}"));
    let code_left = app.script("return document.getElementById('drill-arrive-code').value");
    assert_eq!(
        code_left,
        Some(json!("")),
        "the barcode field is cleared for the next"
    );
    app.wait_until("the barcode field to keep the focus", || {
        let id = app.script("return document.activeElement?.id ?? null")?;
        (id == json!("drill-arrive-code")).then_some(())
    });
    app.screenshot("06-arrival");

    // The board counts the arrival for the shelter, and as the person's result.
    app.type_into("#drill-tab-board", "\u{E007}");
    let shelter_row = format!("#drill-board-shelters tr[data-shelter='{shelter}']");
    app.wait_for(&shelter_row);
    let at_shelter = |what: &str| -> u64 {
        app.wait_until(&format!("the shelter's {what} count"), || {
            let v = app.script(&format!(
                "return document.querySelector(\"{shelter_row} td[data-count='{what}']\")?.textContent ?? null"
            ))?;
            v.as_str()?.trim().parse().ok()
        })
    };
    assert_eq!(at_shelter("arrived"), 1);
    assert_eq!(at_shelter("expected"), ids.len() as u64);
    assert_eq!(at_shelter("capacity"), 40);
    assert_eq!(count("safe"), 2);
    app.script(
        "document.getElementById('drill-board-shelters').scrollIntoView({ block: 'center' })",
    );
    app.screenshot("07-board-shelters");
    drop(window);

    // The roster holds exactly what was typed.
    let passphrase = Passphrase::new(PASSPHRASE.to_owned());
    let roster =
        Roster::open(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock)).expect("reopen");
    let drill = roster.drills().expect("drills").pop().expect("the drill");
    use yorisoi::drill::CheckStatus::*;
    let pa = roster.drill_person(drill.id, a).expect("a");
    let got: Vec<_> = pa
        .history
        .iter()
        .map(|e| {
            (
                e.status,
                e.checked_at_jst[11..].to_owned(),
                e.corrects.is_some(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Safe, "00:05".to_owned(), false),
            (NeedsHelp, "00:05".to_owned(), true)
        ]
    );
    assert!(pa
        .history
        .iter()
        .all(|e| e.checked_by == "木村 ボランティア"));
    let pb = roster.drill_person(drill.id, b).expect("b");
    let got: Vec<_> = pb
        .history
        .iter()
        .map(|e| (e.status, e.checked_at_jst[11..].to_owned()))
        .collect();
    assert_eq!(
        got,
        [(NotHome, "00:10".to_owned()), (Safe, "00:20".to_owned())]
    );
    assert_eq!(drill.lessons, "班長への連絡網を見直す");
    let calls: Vec<_> = roster
        .drill_supporters(drill.id)
        .expect("the call list")
        .into_iter()
        .filter(|s| !s.history.is_empty())
        .map(|s| {
            let e = &s.history[0];
            (
                s.supporter_id,
                e.reached,
                e.warned_at_jst[11..].to_owned(),
                e.warned_by.clone(),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [(warned, true, "00:03".to_owned(), "本部 佐々木".to_owned())]
    );
    assert_eq!(
        drill.held_on,
        yesterday.to_string(),
        "the day typed in the form"
    );
    let arrived = roster
        .drill_person(drill.id, arriving)
        .expect("the arrival");
    let got: Vec<_> = arrived
        .history
        .iter()
        .map(|e| (e.status, e.checked_by.as_str()))
        .collect();
    assert_eq!(got, [(Safe, "受付 山本")]);
    let per_shelter: Vec<_> = roster
        .drill_shelters(drill.id)
        .expect("arrivals per shelter")
        .into_iter()
        .map(|s| (s.shelter_id, s.arrived, s.elsewhere.len()))
        .collect();
    // The demo's 福祉避難所 stay named by some of the district's plans: nobody arrived
    // there.
    assert!(per_shelter.contains(&(shelter, 1, 0)), "{per_shelter:?}");
    assert!(
        per_shelter.iter().all(|s| s.0 == shelter || s.1 == 0),
        "{per_shelter:?}"
    );
}

/// Accounts and roles in the real window: the admin creates the roster, adds a viewer and
/// an officer; the viewer sees no way to change anything and a write forced through IPC is
/// refused by the backend; the admin removes the officer, whose passphrase then no longer
/// opens the roster.
#[test]
fn an_admin_manages_accounts_and_a_viewer_changes_nothing() {
    const VIEWER: &str = "閲覧 鈴木";
    const VIEWER_PASSPHRASE: &str = "青い郵便受けと三毛猫の昼寝";
    const OFFICER: &str = "担当 佐藤";
    const OFFICER_PASSPHRASE: &str = "kappa sells umbrellas at dawn";
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-accounts.db");
    std::fs::create_dir_all(home.path().join("saved")).expect("a folder for saved files");
    let window = Window::open(&roster_file, "accounts");
    let app = &window.session;

    // The admin creates the roster, keeps the recovery key and adds one person.
    app.wait_for_text("#unlock-title", "新しい名簿を作成");
    app.type_into("#account", ACCOUNT);
    app.type_into("#passphrase", PASSPHRASE);
    app.type_into("#confirmation", PASSPHRASE);
    app.wait_for("#strength[data-level='ok']");
    app.click("#unlock-submit");
    app.wait_for_text("#notes-title", "名簿を作成しました");
    assert_eq!(recovery_groups(app).len(), 8);
    app.click("#recovery-kept");
    app.click("#recovery-continue");
    app.wait_for("#roster-table");
    app.click("#new-person");
    app.type_into("#f-name", "山田 花子");
    app.type_into("#f-date_of_birth", "1940-03-02");
    app.type_into("#f-address", "みどり市中央町1-2-3");
    app.click("#person-save");
    app.wait_for_text("#person-saved", "保存しました");

    // 職員アカウント: the admin is listed as "you"; a viewer and an officer are added, the
    // first passphrase judged by the core as it is typed.
    app.click("#nav-accounts");
    app.wait_for(&format!(
        "#accounts-table tr[data-name='{ACCOUNT}'][data-role='admin']"
    ));
    app.wait_for_text(
        &format!("#accounts-table tr[data-name='{ACCOUNT}']"),
        "あなた",
    );
    for (name, role, passphrase) in [
        (VIEWER, "viewer", VIEWER_PASSPHRASE),
        (OFFICER, "officer", OFFICER_PASSPHRASE),
    ] {
        app.type_into("#account-name", name);
        app.select("#account-role", role);
        app.type_into("#account-new-passphrase", passphrase);
        app.type_into("#account-new-confirmation", passphrase);
        app.wait_for("#account-new-strength[data-level='ok']");
        if role == "viewer" {
            app.screenshot("01-account-add");
        }
        app.click("#account-add");
        app.wait_for_text("#accounts-done", name);
        app.wait_for(&format!(
            "#accounts-table tr[data-name='{name}'][data-role='{role}']"
        ));
    }
    // The core never demotes the last admin, and says so.
    app.select(
        &format!("#accounts-table tr[data-name='{ACCOUNT}'] .account-role-select"),
        "officer",
    );
    app.click(&format!(
        "#accounts-table tr[data-name='{ACCOUNT}'] .account-role-save"
    ));
    app.wait_for_text("#accounts-error", "できませんでした");
    app.wait_for(&format!(
        "#accounts-table tr[data-name='{ACCOUNT}'][data-role='admin']"
    ));
    app.screenshot("02-accounts");
    app.click("#lock");

    // The viewer: the account name typed over the remembered one.
    open_as(app, VIEWER, VIEWER_PASSPHRASE);
    app.wait_for("#roster-table tbody tr.row");
    app.wait_for_text("#signed-in", VIEWER);
    app.wait_for_text("#signed-in", "閲覧のみ");
    assert!(
        app.find_all("#nav-accounts").is_empty(),
        "no accounts menu for a viewer"
    );
    assert!(
        app.find_all("#new-person").is_empty(),
        "no new person for a viewer"
    );
    app.click("#roster-table tbody tr.row td:nth-child(2) button");
    app.wait_for_text("#person-title", "山田 花子");
    app.wait_for("#person-audit");
    for edit in [
        "#person-save",
        "#person-archive",
        "#supporter-search",
        "#consent-record",
    ] {
        assert!(app.find_all(edit).is_empty(), "{edit} shown to a viewer");
    }
    app.screenshot("03-viewer-person");
    app.click("#nav-disaster");
    app.wait_for("#disaster-state");
    assert!(
        app.find_all("#disaster-on").is_empty(),
        "disaster switch shown to a viewer"
    );
    // A write forced through IPC, as a page could try: the backend refuses it.
    for (command, request) in [
        ("disaster_on", json!({ "reason": "forced", "hours": null })),
        (
            "account_add",
            json!({ "name": "forced", "role": "admin", "passphrase": PASSPHRASE }),
        ),
    ] {
        let answer = app.invoke(command, request);
        assert_eq!(answer["code"], json!("forbidden"), "{command}: {answer}");
    }
    app.click("#nav-settings");
    app.wait_for_text("#settings-role", "閲覧のみ");
    app.screenshot("04-viewer-settings");
    app.click("#lock");

    // The officer opens; no accounts menu either.
    open_as(app, OFFICER, OFFICER_PASSPHRASE);
    app.wait_for("#new-person");
    assert!(
        app.find_all("#nav-accounts").is_empty(),
        "no accounts menu for an officer"
    );
    app.click("#lock");

    // The admin removes the officer, after a confirmation.
    open_as(app, ACCOUNT, PASSPHRASE);
    app.wait_for("#roster-table");
    app.click("#nav-accounts");
    app.click(&format!(
        "#accounts-table tr[data-name='{OFFICER}'] .account-remove"
    ));
    app.wait_for_text("#account-remove-question", OFFICER);
    app.screenshot("05-remove-question");
    app.click("#account-remove-yes");
    app.wait_for_text("#accounts-done", OFFICER);
    app.wait_until("the officer gone from the table", || {
        let n = app.script(&format!(
            "return document.querySelectorAll(\"#accounts-table tr[data-name='{OFFICER}']\").length"
        ))?;
        (n == json!(0)).then_some(())
    });
    app.click("#lock");

    // The removed officer's passphrase no longer opens the roster.
    open_as(app, OFFICER, OFFICER_PASSPHRASE);
    app.wait_for(".error[data-code='wrong_passphrase']");
    assert!(app.find_all("#roster-table").is_empty());
    app.screenshot("06-removed-officer");
    drop(window);

    // The audit log names the accounts.
    let roster = Roster::open(
        &roster_file,
        ACCOUNT,
        &Passphrase::new(PASSPHRASE.to_owned()),
        Arc::new(SystemClock),
    )
    .expect("the admin still opens");
    let log = roster.audit_log(None, None).expect("the audit log");
    for action in ["account.add", "account.remove"] {
        assert!(
            log.iter()
                .any(|e| e.action == action && e.account == ACCOUNT),
            "{action} by {ACCOUNT}"
        );
    }
    assert!(
        log.iter()
            .any(|e| e.action == "person.view" && e.account == VIEWER),
        "the viewer's view is the viewer's"
    );
}

/// A roster from before accounts (one shared passphrase, no key file) opened in the window:
/// converted, with what the officer must do now — change the weak shared passphrase and make
/// a recovery key (its sheet saved) — then, the passphrase forgotten, 「回復キーで開く」 with
/// a typo caught group by group, and the new passphrase set as it opens.
#[test]
fn an_old_roster_is_converted_and_the_recovery_key_opens_it() {
    const SHARED: &str = "midori2020";
    const NEW: &str = "kappa sells umbrellas at dawn";
    const AFTER_RECOVERY: &str = "青い郵便受けと三毛猫の昼寝";
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-old.db");
    let saved = home.path().join("saved");
    std::fs::create_dir_all(&saved).expect("a folder for saved files");
    old_style_roster(&roster_file, SHARED);
    let window = Window::open(&roster_file, "convert");
    let app = &window.session;

    // The shared passphrase opens it once more, as the first admin's.
    app.wait_for_text("#unlock-title", "名簿を開く");
    app.type_into("#account", ACCOUNT);
    app.type_into("#passphrase", &format!("{SHARED}\u{E007}"));
    app.wait_for_text("#note-converted", "職員アカウント方式に切り替えました");
    app.wait_for_text("#note-weak", "今すぐ変更");
    app.wait_for("#note-recovery-new");
    assert!(
        app.find_all("#nav-roster").is_empty(),
        "no menu before the notes are read"
    );
    app.screenshot("01-notes");

    // The weak passphrase changed here and now.
    app.type_into("#own-passphrase", NEW);
    app.type_into("#own-confirmation", NEW);
    app.wait_for("#own-strength[data-level='ok']");
    app.click("#own-passphrase-save");
    app.wait_for_text("#note-weak", "変更しました");

    // A recovery key, its sheet saved, kept.
    app.click("#note-recovery-new");
    let groups = recovery_groups(app);
    app.click("#recovery-sheet-save");
    app.wait_for_text("#recovery-sheet-saved", "回復キー");
    let sheet = pdfs_in(&saved).pop().expect("the recovery sheet");
    let text = pdftotext(&sheet);
    assert!(groups.iter().all(|g| text.contains(g.as_str())), "{text}");
    app.click("#recovery-kept");
    app.click("#recovery-continue");
    app.wait_for_text("#note-recovery", "回復キーを作りました");
    app.screenshot("02-notes-done");
    app.click("#notes-continue");
    app.wait_for("#roster-table tbody tr.row");
    app.wait_for_text("#roster-table", "山田 花子");
    app.click("#lock");

    // Forgotten: the recovery key opens, a typo in its third group named first.
    app.wait_for_text("#unlock-title", "名簿を開く");
    app.click("#recovery-open");
    app.wait_for_text("#unlock-title", "回復キーで開く");
    // One digit mistyped: the ×11 check of its group catches it. (Not the group read
    // backwards: a 6-digit multiple of 11 reversed is one too.)
    let mut typo = groups.clone();
    let last = typo[2].pop().and_then(|d| d.to_digit(10)).expect("a digit");
    typo[2].push(char::from_digit((last + 1) % 10, 10).expect("a digit"));
    app.type_into("#recovery-key-input", &typo.join("-"));
    let admin = app.script("return document.getElementById('recovery-admin').value");
    assert_eq!(admin, Some(json!(ACCOUNT)), "the last account is offered");
    app.type_into("#recovery-passphrase", AFTER_RECOVERY);
    app.type_into("#recovery-confirmation", AFTER_RECOVERY);
    app.wait_for("#recovery-strength[data-level='ok']");
    app.click("#recovery-submit");
    app.wait_for_text("#recovery-key-input-error", "group 3");
    app.screenshot("03-recovery-typo");
    app.script("const k = document.getElementById('recovery-key-input'); k.value = ''; k.dispatchEvent(new Event('input'));");
    // Typed as people do: spaces instead of hyphens.
    app.type_into("#recovery-key-input", &groups.join(" "));
    app.click("#recovery-submit");
    app.wait_for("#roster-table tbody tr.row");
    app.wait_for_text("#signed-in", ACCOUNT);
    app.screenshot("04-recovered");
    app.click("#lock");

    // The passphrase set through the recovery key is the one that opens now.
    app.wait_for_text("#unlock-title", "名簿を開く");
    app.type_into("#passphrase", &format!("{NEW}\u{E007}"));
    app.wait_for(".error[data-code='wrong_passphrase']");
    app.type_into("#passphrase", &format!("{AFTER_RECOVERY}\u{E007}"));
    app.wait_for("#roster-table tbody tr.row");
    drop(window);

    let roster = Roster::open(
        &roster_file,
        ACCOUNT,
        &Passphrase::new(AFTER_RECOVERY.to_owned()),
        Arc::new(SystemClock),
    )
    .expect("opens");
    let actions: Vec<String> = roster
        .audit_log(None, None)
        .expect("the audit log")
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "roster.convert",
        "account.passphrase",
        "recovery.new",
        "recovery.unlock",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}

/// A roster at `path` as the release before accounts made them: one person on it, keyed
/// with the shared passphrase `shared`, no key file beside it, no accounts in it.
#[test]
fn back_up_and_check_the_roster_from_the_window() {
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-backup.db");
    let on_roster;
    {
        let passphrase = Passphrase::new(PASSPHRASE.to_owned());
        let (mut roster, _recovery) =
            Roster::create(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock))
                .expect("roster");
        yorisoi::demo::populate(&mut roster, 40, 5).expect("demo people");
        on_roster = roster
            .list_persons(&yorisoi::PersonQuery::default())
            .expect("list")
            .len();
    }
    let window = Window::open(&roster_file, "backup");
    let app = &window.session;
    open_as(app, ACCOUNT, PASSPHRASE);

    // The dashboard says there has never been a verified backup.
    app.wait_for("#roster-table");
    app.wait_for("#backup-status[data-overdue='true']");
    app.wait_for_text(
        "#backup-last",
        "まだ一度も確認済みのバックアップがありません",
    );
    app.screenshot("01-no-backup-yet");

    // 今すぐバックアップ: the folder comes from the dialog (YORISOI_E2E_SAVE_DIR in this
    // debug build); the copy is proved, then recorded.
    app.click("#nav-maintenance");
    app.wait_for_text("#maintenance-title", "バックアップ・点検");
    app.click("#backup-now");
    app.wait_for_text("#backup-made", "バックアップしました（確認済み）");
    app.wait_for_text("#backup-last", "今日");
    app.screenshot("02-backed-up");
    let saved = home.path().join("saved");
    let mut files: Vec<String> = std::fs::read_dir(&saved)
        .expect("the saved folder")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files[0].starts_with("e2e-backup-backup-") && files[0].ends_with(".db"),
        "{files:?}"
    );
    assert_eq!(files[1], files[0].replace(".db", ".keys"));
    let backup = saved.join(&files[0]);
    let shown = app.script("return document.getElementById('backup-made').dataset.file");
    assert_eq!(shown, Some(json!(files[0])));
    assert!(!std::fs::read(&backup)
        .expect("the backup")
        .starts_with(b"SQLite format 3"));

    // The integrity check, in words.
    app.click("#check-run");
    app.wait_for("#check-summary[data-ok='true']");
    app.wait_for_text("#check-summary", "異常は見つかりませんでした");
    app.wait_for_text("#check-audit", "正常");
    app.wait_for_text("#check-table", "暗号化されたページ");
    app.wait_for_text("#check-table", "鍵ファイル");
    let last = app.text(&app.find("#check-last-backup"));
    assert!(last.contains(ACCOUNT) && last.contains("手動"), "{last}");
    app.screenshot("03-checked");

    // Back on the roster screen, the warning is gone.
    app.click("#nav-roster");
    app.wait_for("#backup-status[data-overdue='false']");
    app.wait_for_text("#backup-last", "今日");
    app.screenshot("04-dashboard-backed-up");
    drop(window);

    // The copy opens with the same account and holds everyone; the roster recorded it.
    let passphrase = Passphrase::new(PASSPHRASE.to_owned());
    let restored = Roster::restore_backup(
        &backup,
        &home.path().join("restored.db"),
        ACCOUNT,
        &passphrase,
        Arc::new(SystemClock),
    )
    .expect("the backup restores");
    assert_eq!(
        restored
            .list_persons(&yorisoi::PersonQuery::default())
            .expect("list")
            .len(),
        on_roster
    );
    let roster = Roster::open(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock))
        .expect("the roster opens");
    let recorded = roster
        .last_good_backup()
        .expect("read")
        .expect("a good backup recorded");
    assert_eq!(
        (recorded.account.as_str(), recorded.kind.as_str()),
        (ACCOUNT, "manual")
    );
}

fn old_style_roster(path: &Path, shared: &str) {
    use yorisoi::store::keyfile::{keys_path, KeyFile};
    let scratch = tempfile::tempdir().expect("scratch folder");
    let source = scratch.path().join("source.db");
    {
        let (mut roster, _recovery) = Roster::create(
            &source,
            ACCOUNT,
            &Passphrase::new(PASSPHRASE.to_owned()),
            Arc::new(SystemClock),
        )
        .expect("source roster");
        let person: yorisoi::model::Person = serde_json::from_value(json!({
            "name": "山田 花子",
            "furigana": "やまだ はなこ",
            "sex": "female",
            "date_of_birth": "1940-03-02",
            "address": "みどり市中央町1-2-3"
        }))
        .expect("a person");
        roster.add_person(person).expect("added");
    }
    let file = KeyFile::read(&keys_path(&source)).expect("key file");
    let slot = file.account_slot(ACCOUNT).expect("the admin's slot").id;
    let key = file
        .open(slot, PASSPHRASE.as_bytes(), &source)
        .expect("data key")
        .sqlcipher_key();
    let c = rusqlite::Connection::open(&source).expect("raw source");
    c.pragma_update(None, "key", key.as_str()).expect("keyed");
    c.execute_batch(&format!(
        "ATTACH DATABASE '{}' AS old KEY '{shared}'",
        path.display()
    ))
    .expect("attach");
    c.query_row("SELECT sqlcipher_export('old')", [], |_| Ok(()))
        .expect("export");
    c.execute_batch(&format!(
        "PRAGMA old.user_version = {}; DELETE FROM old.accounts; DELETE FROM old.roster_meta; \
         DETACH DATABASE old",
        yorisoi::store::LATEST_VERSION
    ))
    .expect("an old roster");
    assert!(!keys_path(path).exists());
}

/// Types `account` over whatever the open screen offers, then the passphrase and Enter.
fn open_as(app: &Session, account: &str, passphrase: &str) {
    app.wait_for_text("#unlock-title", "名簿を開く");
    app.wait_for("#account");
    app.script("const a = document.getElementById('account'); a.value = ''; a.dispatchEvent(new Event('input'));");
    app.type_into("#account", account);
    app.type_into("#passphrase", &format!("{passphrase}\u{E007}"));
}

/// The recovery key on screen, group by group.
fn recovery_groups(app: &Session) -> Vec<String> {
    app.wait_for("#recovery-key .group");
    let groups = app
        .script("return [...document.querySelectorAll('#recovery-key .group')].map(g => g.textContent.trim())")
        .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
        .expect("the recovery key's groups");
    assert!(
        groups.len() == 8
            && groups
                .iter()
                .all(|g| g.len() == 6 && g.bytes().all(|b| b.is_ascii_digit())),
        "8 groups of 6 digits: {groups:?}"
    );
    groups
}

/// The app makes no network connection: a whole session (unlock, search, a record, the
/// audit log, a print preview, lock) runs under `strace -f`, and every connection the app
/// and its WebKit processes make is to a local socket or to this machine's loopback (the
/// test's own WebDriver session) — never out, and never a name lookup.
#[test]
fn the_window_makes_no_network_connection() {
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let strace = find_on_path("strace").expect("strace is on PATH (Debian's strace)");
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-offline.db");
    {
        let passphrase = Passphrase::new(PASSPHRASE.to_owned());
        let (mut roster, _recovery) =
            Roster::create(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock))
                .expect("roster");
        yorisoi::demo::populate(&mut roster, 60, 3).expect("demo people");
    }
    let log = home.path().join("network.strace");
    let wrapper = home.path().join("traced-app");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec '{}' -f -qq -e trace=connect,sendto,sendmsg -e signal=none -o '{}' '{}' \"$@\"\n",
            strace.display(),
            log.display(),
            APP
        ),
    )
    .expect("wrapper");
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755))
            .expect("wrapper mode");
    }
    {
        let window = Window::open_app(&roster_file, "offline", &wrapper, &[]);
        let app = &window.session;
        app.wait_for_text("#unlock-title", "名簿を開く");
        app.type_into("#account", ACCOUNT);
        app.type_into("#passphrase", &format!("{PASSPHRASE}\u{E007}"));
        app.wait_for("#roster-table tbody tr.row");
        app.wait_until("a record opened", || {
            let clicked = app.script(
                "const b = document.querySelector('#roster-table tbody tr.row td:nth-child(2) button'); \
                 if (!b) return false; b.click(); return true;",
            )?;
            (clicked == json!(true)).then_some(())
        });
        app.wait_for_text("#person-audit", "person.view");
        app.click("#nav-audit");
        app.wait_for_text("main", "roster.unlock");
        app.click("#nav-print");
        app.wait_for("#print-form");
        app.screenshot("01-print");
        app.click("#lock");
        app.wait_for_text("#unlock-title", "名簿を開く");
    }
    let trace = std::fs::read_to_string(&log).expect("the strace log");
    let calls: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("connect(") || l.contains("sendto(") || l.contains("sendmsg("))
        .collect();
    assert!(
        calls.iter().any(|l| l.contains("AF_UNIX")),
        "the trace saw the app's local connections (X, D-Bus): is strace following it?\n{trace}"
    );
    let outside: Vec<&&str> = calls
        .iter()
        .filter(|l| l.contains("AF_INET"))
        .filter(|l| {
            let loopback = l.contains("inet_addr(\"127.0.0.1\")")
                || l.contains("inet_pton(AF_INET6, \"::1\"")
                || l.contains("inet_pton(AF_INET6, \"::ffff:127.0.0.1\"");
            !loopback || l.contains("htons(53)")
        })
        .collect();
    assert!(
        outside.is_empty(),
        "the app reached beyond this machine (or looked up a name):\n{outside:#?}"
    );
}

/// A second start of the app while its window is open (a double click on the icon) brings
/// that window to the front and ends, instead of opening the roster twice.
#[test]
fn a_second_start_brings_the_open_window_forward_instead_of_opening_twice() {
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-single.db");
    {
        let passphrase = Passphrase::new(PASSPHRASE.to_owned());
        let (mut roster, _recovery) =
            Roster::create(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock))
                .expect("roster");
        yorisoi::demo::populate(&mut roster, 20, 5).expect("demo people");
    }
    // A desktop session has a message bus; Xvfb alone has none, so the test brings its own.
    let mut bus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("dbus-daemon (Debian's dbus-daemon)");
    let address = {
        let mut line = String::new();
        BufReader::new(bus.stdout.take().expect("bus address"))
            .read_line(&mut line)
            .expect("bus address");
        line.trim().to_owned()
    };
    {
        let env = [("DBUS_SESSION_BUS_ADDRESS", address.as_str())];
        let window = Window::open_app(&roster_file, "single-instance", Path::new(APP), &env);
        let app = &window.session;
        app.wait_for_text("#unlock-title", "名簿を開く");
        app.type_into("#account", ACCOUNT);
        app.type_into("#passphrase", &format!("{PASSPHRASE}\u{E007}"));
        app.wait_for("#roster-table tbody tr.row");

        let scratch = roster_file.parent().expect("folder");
        let started = Instant::now();
        let mut second = Command::new(APP)
            .env("DISPLAY", &window._display.name)
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("YORISOI_DB", &roster_file)
            .env("XDG_DATA_HOME", scratch.join("data"))
            .env("XDG_CACHE_HOME", scratch.join("cache"))
            .env("XDG_CONFIG_HOME", scratch.join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("a second start");
        let ended = poll("the second start to end", || {
            second.try_wait().ok().flatten()
        });
        let status = match ended {
            Ok(status) => status,
            Err(e) => {
                terminate(&mut second);
                panic!("{e}: a second window was opened");
            }
        };
        assert!(
            status.success(),
            "the second start ended cleanly: {status:?}"
        );
        assert!(started.elapsed() < PATIENCE);
        // The first window is still there, still open on the roster, and answers.
        app.wait_for("#roster-table tbody tr.row");
        app.screenshot("01-still-open");
        app.click("#lock");
        app.wait_for_text("#unlock-title", "名簿を開く");
    }
    let _ = bus.kill();
    let _ = bus.wait();
}

/// Xvfb, tauri-driver and a WebDriver session on the app, with the roster at
/// `roster_file`. Dropped in field order: the driver (and the app) stop before the display.
/// 中央町一丁目's 街区 `block`, on latitude 35° (0.001° of longitude apart).
fn block_lon(block: u32) -> f64 {
    138.0 + 0.001 * f64::from(block)
}

/// A 街区レベル 位置参照情報 file as the ministry publishes it (Shift_JIS, every value quoted).
fn block_positions() -> Vec<u8> {
    let mut text = String::from(
        "\"都道府県名\",\"市区町村名\",\"大字・丁目名\",\"小字・通称名\",\"街区符号・地番\",\"座標系番号\",\"Ｘ座標\",\"Ｙ座標\",\"緯度\",\"経度\",\"住居表示フラグ\",\"代表フラグ\",\"更新前履歴フラグ\",\"更新後履歴フラグ\"\r\n",
    );
    for b in 1..=6 {
        text.push_str(&format!(
            "\"静岡県\",\"みどり市\",\"中央町一丁目\",\"\",\"{b}\",\"8\",\"-111.1\",\"222.2\",\"35.000000\",\"{:.6}\",\"1\",\"1\",\"0\",\"0\"\r\n",
            block_lon(b)
        ));
    }
    encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
}

/// The map (#17): homes placed from a 位置参照情報 file and one by hand, one that cannot be
/// placed. An area drawn by clicking the canvas lists exactly the people inside it, and
/// the one who could not be placed apart; both readings are audited.
#[test]
fn draw_an_area_on_the_map_and_list_the_people_inside() {
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-map.db");
    let passphrase = Passphrase::new(PASSPHRASE.to_owned());
    let (inside, outside, unplaced) = {
        let (mut roster, _recovery) =
            Roster::create(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock))
                .expect("roster");
        let mut add = |name: &str, kana: &str, address: &str| {
            let p = yorisoi::model::Person::from_json(
                &json!({
                    "name": name, "furigana": kana, "sex": "female",
                    "date_of_birth": "1938-04-01", "address": address, "phone": "0990-11-2222"
                })
                .to_string(),
            )
            .expect("a person");
            roster.add_person(p).expect("added")
        };
        let first = add("一番 花子", "いちばん はなこ", "みどり市中央町一丁目1番5号");
        let second = add("二番 太郎", "にばん たろう", "みどり市中央町1-2-3");
        let fifth = add("五番 次郎", "ごばん じろう", "みどり市中央町一丁目5番1号");
        let by_hand = add(
            "手動 三郎",
            "しゅどう さぶろう",
            "みどり市中央町九丁目1番1号",
        );
        let lost = add("不明 四郎", "ふめい しろう", "みどり市中央町九丁目2番2号");
        let done = roster
            .import_positions(&block_positions(), "22000-block.csv")
            .expect("positions imported");
        assert_eq!(
            (done.placement.block, done.placement.unplaced),
            (3, 2),
            "three matched to their block, two not found"
        );
        roster
            .set_position(
                by_hand,
                yorisoi::geo::LonLat {
                    lon: 138.0015,
                    lat: 35.0003,
                },
            )
            .expect("set by hand");
        (vec![first, second, by_hand], fifth, lost)
    };

    let window = Window::open(&roster_file, "map");
    let app = &window.session;
    app.wait_for_text("#unlock-title", "名簿を開く");
    app.type_into("#account", ACCOUNT);
    app.type_into("#passphrase", &format!("{PASSPHRASE}\u{E007}"));
    app.wait_for("#roster-table tbody tr.row");
    app.click("#nav-map");
    app.wait_for_text("#map-title", "地図");
    app.wait_for("#map-canvas[data-points='4']");
    app.wait_for_text("#map-counts", "位置不明 1 人");
    app.screenshot("01-map");

    // The canvas says where it looks (`data-view`): the page's own projection turns a place
    // into pixels of the window, read afresh before each click (the page may have scrolled).
    let pixel = |lon: f64, lat: f64| -> (i64, i64) {
        let v = app.wait_until("the map's view", || {
            let v = app.script(
                "const c = document.getElementById('map-canvas'); \
                 c.scrollIntoView({ block: 'nearest' }); const r = c.getBoundingClientRect(); \
                 return c.dataset.view && { view: JSON.parse(c.dataset.view), left: r.left, top: r.top };",
            )?;
            v.is_object().then_some(v)
        });
        let f = |key: &str| v["view"][key].as_f64().expect(key);
        let x = (lon - f("lon0")) * f("kx");
        let y = (f("lat0") - lat) * f("ky");
        let px = (x - f("cx")) * f("scale") + f("width") / 2.0;
        let py = (y - f("cy")) * f("scale") + f("height") / 2.0;
        let left = v["left"].as_f64().expect("left");
        let top = v["top"].as_f64().expect("top");
        ((left + px).round() as i64, (top + py).round() as i64)
    };

    // An area around 街区 1 and 2 and the home set by hand, not 街区 5: four clicks, then
    // 「区域を閉じる」.
    app.click("#map-draw");
    app.wait_for("#map-draw-hint");
    let corners = [
        (138.0005, 34.9995),
        (138.0027, 34.9995),
        (138.0027, 35.0008),
        (138.0005, 35.0008),
    ];
    for (k, (lon, lat)) in corners.iter().enumerate() {
        let (x, y) = pixel(*lon, *lat);
        app.post(
            "/actions",
            json!({ "actions": [{
                "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
                "actions": [
                    { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y },
                    { "type": "pointerDown", "button": 0 },
                    { "type": "pointerUp", "button": 0 },
                    { "type": "pause", "duration": 600 }
                ]
            }]}),
        );
        app.wait_for_text("#map-draw-hint", &format!("（{} 点）", k + 1));
    }
    app.call("DELETE", "/actions", None)
        .expect("actions released");
    app.screenshot("02-drawn");
    app.click("#map-area-close");
    app.wait_for_text(
        "#map-area-inside-title",
        &format!("区域内 {} 人", inside.len()),
    );
    let listed = |css: &str| -> Vec<i64> {
        let v = app
            .script(&format!(
                "return [...document.querySelectorAll('{css} li')].map(li => Number(li.dataset.person))"
            ))
            .expect("the list");
        let mut ids: Vec<i64> = v
            .as_array()
            .expect("ids")
            .iter()
            .filter_map(Value::as_i64)
            .collect();
        ids.sort_unstable();
        ids
    };
    let mut expected = inside.clone();
    expected.sort_unstable();
    assert_eq!(
        listed("#map-area-inside"),
        expected,
        "exactly the people inside"
    );
    assert_eq!(
        listed("#map-area-unplaced"),
        vec![unplaced],
        "the unplaced one, apart"
    );
    assert!(!listed("#map-area-inside").contains(&outside));
    app.wait_for_text("#map-area-unplaced-title", "位置が特定できない人 1 人");
    app.screenshot("03-area-listed");

    // Picking a name in the search selects that person on the map.
    app.type_into("#map-search", "五番");
    app.wait_for_text("#map-hits", "五番 次郎");
    app.click("#map-hits li button");
    app.wait_for(&format!("#map-selected[data-person='{outside}']"));
    app.wait_for_text("#map-selected", "街区");
    app.screenshot("04-selected");

    // An officer places the one who could not be placed by clicking the map, and confirms.
    let placed_at = (138.0021, 35.0004);
    app.script("const s = document.getElementById('map-search'); s.value = ''; s.dispatchEvent(new Event('input'));");
    app.type_into("#map-search", "不明");
    app.wait_for_text("#map-hits", "不明 四郎");
    app.wait_for_text("#map-hits", "位置なし");
    app.click("#map-hits li button");
    app.wait_for(&format!("#map-selected[data-person='{unplaced}']"));
    app.wait_for_text("#map-selected", "住所から位置を特定できません");
    app.click("#map-set-position");
    app.wait_for("#map-place-hint");
    let (x, y) = pixel(placed_at.0, placed_at.1);
    app.post(
        "/actions",
        json!({ "actions": [{
            "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
            "actions": [
                { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y },
                { "type": "pointerDown", "button": 0 },
                { "type": "pointerUp", "button": 0 }
            ]
        }]}),
    );
    app.call("DELETE", "/actions", None)
        .expect("actions released");
    app.wait_for_text("#map-place-confirm", "設定しますか");
    app.screenshot("05-confirm-position");
    app.click("#map-place-yes");
    app.wait_for_text("#map-notice", "位置を設定しました");
    app.wait_for("#map-canvas[data-points='5']");
    app.wait_for_text("#map-selected", "手動で指定");
    app.wait_for_text("#map-counts", "位置不明 0 人");
    app.screenshot("06-position-set");
    drop(window);

    let roster =
        Roster::open(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock)).expect("reopen");
    let set = roster.position(unplaced).expect("read").expect("placed");
    assert_eq!(set.level, yorisoi::model::PositionLevel::Manual);
    // Where it was clicked, to a pixel (a pixel is under a metre here).
    let (lon, lat) = (set.lon.expect("lon"), set.lat.expect("lat"));
    assert!(
        (lon - placed_at.0).abs() < 2e-5 && (lat - placed_at.1).abs() < 2e-5,
        "{lon}, {lat}"
    );
    let actions: Vec<String> = roster
        .audit_log(None, Some(20))
        .expect("audit log")
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in ["map.view", "area.people", "position.set"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} audited: {actions:?}"
        );
    }
}

/// A person with the plan-creation consent, and a plan updated on `plan_on` (ISO).
fn consenting_person(
    roster: &mut Roster,
    name: &str,
    kana: &str,
    plan_on: &str,
    asked_on: &str,
) -> i64 {
    let p = yorisoi::model::Person::from_json(
        &json!({
            "name": name, "furigana": kana, "sex": "female", "date_of_birth": "1938-04-01",
            "address": "みどり市中央町1-2-3", "phone": "0990-11-2222", "district": "中央地区",
            "category": "elderly-living-alone", "care_level": "care-2",
            "plan": { "route": "東へ徒歩", "created_on": plan_on, "updated_on": plan_on }
        })
        .to_string(),
    )
    .expect("a person");
    let id = roster.add_person(p).expect("added");
    roster
        .record_consent(yorisoi::model::ConsentRecord {
            id: None,
            person_id: id,
            purpose: yorisoi::model::ConsentPurpose::PlanCreate,
            recipient_kind: yorisoi::model::RecipientKind::CareCentre,
            recipient_id: None,
            answer: yorisoi::model::ConsentAnswer::Consented,
            basis: None,
            proxy_name: String::new(),
            proxy_relationship: String::new(),
            obtained_on: asked_on.to_owned(),
            obtained_by: "訪問 担当".into(),
            evidence_ref: "F-1".into(),
            expires_on: None,
            recorded_at: None,
            recorded_by: None,
        })
        .expect("plan-creation consent");
    id
}

/// The fee table the test's approvals are fixed from, for 年度 `year`.
fn fee_table(year: i32) -> yorisoi::model::commission::FeeTable {
    let item =
        |item: &str, label: &str, yen, extra, once_per_year| yorisoi::model::commission::FeeItem {
            item: item.into(),
            label: label.into(),
            yen,
            extra,
            once_per_year,
        };
    yorisoi::model::commission::FeeTable {
        year,
        items: vec![
            item("new", "新規", 15_000, false, false),
            item("update", "更新", 8_000, false, true),
            item("info-only", "避難情報のみ", 500, false, false),
            item("case-meeting", "個別ケース会議", 3_500, true, false),
        ],
    }
}

/// 委託 (#21) in the real window, by keyboard: a commission refused without the
/// plan-creation consent (the core's words beside the field), one commissioned and walked
/// through 受託 → 訪問 → 提出 → 承認 with the fee table's fee and an extra, the month's claim
/// list written as CSV and PDF, and a plan due for review re-commissioned from the 要見直し
/// worklist in one step. The roster, opened after, holds exactly that.
#[test]
fn commission_a_plan_and_approve_it_by_keyboard() {
    use yorisoi::model::commission::{
        fiscal_year, CommissionStatus, CommissionStep, NewCommission, Office, OfficeKind,
        Qualification, Specialist,
    };
    let _one = ONE_WINDOW.lock().unwrap_or_else(PoisonError::into_inner);
    let home = tempfile::tempdir().expect("temporary folder");
    let roster_file = home.path().join("e2e-commission.db");
    let passphrase = Passphrase::new(PASSPHRASE.to_owned());
    let today = SystemClock.today();
    // B's plan was made by the office more than a year ago: it is due for review now.
    let long_ago = today - chrono::Days::new(400);
    let (office, planned, due, never_asked) = {
        let (mut roster, _recovery) =
            Roster::create(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock))
                .expect("roster");
        let office = roster
            .add_office(&Office {
                id: None,
                kind: OfficeKind::HomeCareSupport,
                name: "みどり居宅介護支援事業所".into(),
                office_number: "1234567890".into(),
                district: None,
                custodian: "管理 者".into(),
                address: "みどり市本町1-1".into(),
                phone: "0990-22-3333".into(),
                fax: String::new(),
                specialists: vec![Specialist {
                    id: None,
                    name: "介護 支援".into(),
                    qualification: Qualification::CareManager,
                    phone: String::new(),
                }],
                under_way: 0,
            })
            .expect("an office");
        for year in [fiscal_year(today), fiscal_year(long_ago)] {
            roster.set_fee_table(&fee_table(year)).expect("fee table");
        }
        let today_iso = today.to_string();
        let long_ago_iso = long_ago.to_string();
        // A: the plan was updated today (the office's draft typed in), so it may be approved.
        let planned = consenting_person(
            &mut roster,
            "計画 太郎",
            "けいかく たろう",
            &today_iso,
            &today_iso,
        );
        // B: commissioned, made and approved 400 days ago; the consent to a plan was
        // renewed last week (answers last a year).
        let renewed = (today - chrono::Days::new(7)).to_string();
        let due = consenting_person(
            &mut roster,
            "見直 花子",
            "みなおし はなこ",
            &long_ago_iso,
            &renewed,
        );
        let c = roster
            .new_commission(&NewCommission {
                person_id: due,
                office_id: Some(office),
                specialist_id: None,
                on: Some(&long_ago_iso),
                note: "",
            })
            .expect("B's commission");
        for to in [
            CommissionStatus::Accepted,
            CommissionStatus::Visited,
            CommissionStatus::Submitted,
            CommissionStatus::Approved,
        ] {
            roster
                .step_commission(
                    c.id,
                    &CommissionStep {
                        to,
                        on: Some(&long_ago_iso),
                        reason: "",
                        fee: None,
                        extras: &[],
                    },
                )
                .expect("B's step");
        }
        // C: never asked whether they want a plan.
        let never_asked = roster
            .add_person(
                yorisoi::model::Person::from_json(
                    &json!({
                        "name": "未回答 一郎", "furigana": "みかいとう いちろう", "sex": "male",
                        "date_of_birth": "1940-01-01", "address": "みどり市中央町2-1",
                        "phone": "0990-11-3333", "district": "中央地区"
                    })
                    .to_string(),
                )
                .expect("a person"),
            )
            .expect("added");
        let due_now = roster.plans_due().expect("plans due");
        assert!(
            due_now
                .iter()
                .any(|p| p.person_id == due && p.last_office_id == Some(office)),
            "B is due for review, last made by the office: {due_now:?}"
        );
        (office, planned, due, never_asked)
    };
    let saved = home.path().join("saved");
    std::fs::create_dir_all(&saved).expect("a folder for saved files");
    let window = Window::open(&roster_file, "commission");
    let app = &window.session;
    let focused = || app.script("return document.activeElement?.id ?? null");
    let wait_focus = |id: &str| {
        app.wait_until(&format!("{id} to have the focus"), || {
            (focused()? == json!(id)).then_some(())
        })
    };

    app.wait_for_text("#unlock-title", "名簿を開く");
    app.type_into("#account", ACCOUNT);
    app.type_into("#passphrase", &format!("{PASSPHRASE}\u{E007}"));
    app.wait_for("#roster-table tbody tr.row");
    // 作成状況 on the home screen, counted once the roster's first page is on screen: the
    // three people, A's and B's plans.
    app.wait_for("#coverage-panel[data-loaded='true']");
    app.wait_for_text("#coverage-people", "3人");
    app.wait_for_text("#coverage-plans", "未作成 1");
    app.screenshot("00-coverage");
    app.type_into("#nav-commissions", "\u{E007}");
    app.wait_for_text("#commission-title", "個別避難計画の作成委託");
    // B's approved commission is listed, with its fee.
    app.wait_for_text("#commission-table", "見直 花子");
    wait_focus("commission-new-open");
    app.type_into("#commission-new-open", "\u{E007}");
    wait_focus("commission-person");

    // C was never asked: the core refuses, and says why beside the person's field.
    app.select("#commission-office", &office.to_string());
    app.type_into("#commission-person", &format!("{never_asked}\u{E007}"));
    app.wait_for_text("#commission-person-error", "never asked");
    wait_focus("commission-person");
    app.screenshot("01-refused");

    // A is commissioned to the office (Enter in the form), and the focus goes on to the
    // first step that may follow.
    app.script("const p = document.getElementById('commission-person'); p.value = ''; p.dispatchEvent(new Event('input'));");
    app.type_into("#commission-person", &format!("{planned}\u{E007}"));
    app.wait_for_text("#commission-done", "計画 太郎");
    app.wait_for_text("#commission-detail-title", "計画 太郎");
    wait_focus("commission-next-accepted");
    app.screenshot("02-requested");

    // 受託 → 訪問 → 提出, each dated today by default and recorded with Enter.
    for (to, then) in [
        ("accepted", "commission-next-visited"),
        ("visited", "commission-next-submitted"),
        ("submitted", "commission-next-approved"),
    ] {
        app.type_into(&format!("#commission-next-{to}"), "\u{E007}");
        wait_focus("commission-step-on");
        let on = app.script("return document.getElementById('commission-step-on').value");
        assert_eq!(on, Some(json!(today.to_string())), "a step is dated today");
        app.type_into("#commission-step-on", "\u{E007}");
        app.wait_for(&format!("#commission-detail[data-status='{to}']"));
        wait_focus(then);
    }
    app.wait_for_text(
        "#commission-table tr[data-commission] td.status[data-status='submitted']",
        "提出",
    );

    // 承認: the fee item of the table (an update: the person had a plan), and a case
    // meeting on top.
    app.type_into("#commission-next-approved", "\u{E007}");
    wait_focus("commission-step-on");
    app.wait_for_text("#commission-step-fee", "更新（8,000円）");
    let item = app.script("return document.getElementById('commission-step-fee').value");
    assert_eq!(
        item,
        Some(json!("update")),
        "the commission's own kind by default"
    );
    app.type_into("#commission-extra-case-meeting", " ");
    app.screenshot("03-approving");
    app.type_into("#commission-step-on", "\u{E007}");
    app.wait_for("#commission-detail[data-status='approved']");
    app.wait_for_text("#commission-total", "11,500円");
    app.wait_for_text("#commission-fees", "個別ケース会議");
    app.wait_for_text("#commission-done", "承認");
    wait_focus("commission-next-claimed");
    let row = app.script(
        "const r = [...document.querySelectorAll('#commission-table tbody tr')].find(r => r.textContent.includes('計画 太郎')); \
         return r ? [r.querySelector('td.status').dataset.status, r.querySelector('td.total').textContent.trim()] : null;",
    );
    assert_eq!(
        row,
        Some(json!(["approved", "11,500円"])),
        "the list shows it too"
    );
    app.script("document.getElementById('commission-detail').scrollIntoView({ block: 'start' })");
    app.screenshot("04-approved");
    // The filters: nothing is under way now; the office's approved ones are both listed.
    app.select("#commission-filter-status", "under-way");
    app.wait_for_text("#commission-empty", "該当する委託はありません");
    app.select("#commission-filter-status", "approved");
    app.select("#commission-filter-office", &office.to_string());
    app.wait_for_text("#commission-count", "2件");
    app.script("document.getElementById('commission-title').scrollIntoView({ block: 'start' })");
    app.screenshot("04b-list");

    // The month's claim list: counted on screen, then written as CSV and as PDF.
    app.wait_for_text("#claims-summary", "1件、合計 11,500円");
    app.type_into("#claims-save-csv", "\u{E007}");
    app.wait_for_text("#claims-saved", ".csv");
    let csv = std::fs::read_dir(&saved)
        .expect("saved folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .expect("the claim list as CSV");
    let csv = std::fs::read_to_string(&csv).expect("UTF-8 CSV");
    assert!(
        csv.contains("計画 太郎") && csv.contains(",8000,") && csv.contains(",3500,"),
        "{csv}"
    );
    assert!(!csv.contains("見直 花子"), "approved another month: {csv}");
    app.type_into("#claims-save-pdf", "\u{E007}");
    app.wait_for_text("#claims-saved", ".pdf");
    let pdf = pdfs_in(&saved).pop().expect("the claim list as PDF");
    let text = pdftotext(&pdf);
    assert!(
        text.contains("請求一覧") && text.contains("計画 太郎") && text.contains("11,500"),
        "{text}"
    );
    app.script("document.getElementById('claims-panel').scrollIntoView({ block: 'center' })");
    app.screenshot("05-claims");

    // 要見直し: B's plan, re-commissioned to the office that made it in one step.
    app.type_into("#nav-worklists", "\u{E007}");
    let line = format!("#work-plans-due li[data-person='{due}']");
    app.wait_for_text(&line, "見直し時期の経過");
    app.type_into(&format!("{line} button.due-recommission"), "\u{E007}");
    app.wait_for_text("#due-done", "みどり居宅介護支援事業所");
    app.wait_for_text(&line, "委託中");
    app.script("document.getElementById('work-plans-due').scrollIntoView({ block: 'center' })");
    app.screenshot("06-recommissioned");

    // Back on the home screen the figures are counted again, and the one-page report is
    // saved as PDF.
    app.type_into("#nav-roster", "\u{E007}");
    app.wait_for("#coverage-panel[data-loaded='true']");
    let shown = app
        .script(
            "const d = document.getElementById('coverage-panel').dataset; \
             return [d.people, d.made, d.partly, d.notMade, d.highPeople, d.highCurrent, \
                     d.new, d.remaining, d.allBy];",
        )
        .expect("the panel's figures");
    let people = app.script("return document.getElementById('coverage-people').textContent.trim()");
    app.type_into("#coverage-save", "\u{E007}");
    app.wait_for_text("#coverage-saved", "作成状況");
    app.screenshot("07-coverage-saved");
    let report = pdfs_in(&saved)
        .into_iter()
        .find(|p| p.to_string_lossy().contains("作成状況"))
        .expect("the report as PDF");
    let text = pdftotext(&report);
    assert!(text.contains("作成状況"), "{text}");
    drop(window);

    // The roster holds exactly what was done in the window.
    let roster =
        Roster::open(&roster_file, ACCOUNT, &passphrase, Arc::new(SystemClock)).expect("reopen");
    let of = |person| {
        roster
            .commissions(&yorisoi::commissions::CommissionFilter {
                person: Some(person),
                ..Default::default()
            })
            .expect("commissions")
    };
    let a = of(planned);
    assert_eq!(a.len(), 1, "one commission for A: {a:?}");
    let a = &a[0];
    assert_eq!(
        (a.status, a.office_id),
        (CommissionStatus::Approved, office)
    );
    let steps: Vec<_> = a.steps.iter().map(|s| (s.status, s.on.clone())).collect();
    let on = today.to_string();
    assert_eq!(
        steps,
        [
            (CommissionStatus::Requested, on.clone()),
            (CommissionStatus::Accepted, on.clone()),
            (CommissionStatus::Visited, on.clone()),
            (CommissionStatus::Submitted, on.clone()),
            (CommissionStatus::Approved, on.clone()),
        ]
    );
    let fees: Vec<_> = a.fees.iter().map(|f| (f.item.as_str(), f.yen)).collect();
    assert_eq!(fees, [("update", 8_000), ("case-meeting", 3_500)]);
    assert_eq!(a.total_yen, 11_500);
    assert!(
        of(never_asked).is_empty(),
        "the refused commission wrote nothing"
    );
    let b = of(due);
    assert_eq!(b.len(), 2, "B's old commission and the new one: {b:?}");
    let again = b
        .iter()
        .find(|c| c.requested_on == on)
        .expect("B's new commission");
    assert_eq!(
        (again.status, again.office_id),
        (CommissionStatus::Requested, office),
        "re-commissioned to the office of the last approved plan"
    );
    // The panel showed the library's own figures.
    let c = roster.plan_coverage().expect("coverage");
    let high = &c.by_priority[0];
    let s = |n: usize| json!(n.to_string());
    assert_eq!(
        shown,
        json!([
            s(c.total.people),
            s(c.total.made),
            s(c.total.partly),
            s(c.total.not_made),
            s(high.people),
            s(high.current),
            s(c.high_new_last_year),
            s(c.high_remaining),
            c.high_all_by.map_or(String::new(), |y| y.to_string()),
        ]),
        "{c:?}"
    );
    assert_eq!(people, Some(json!(format!("{}人", c.total.people))));
    let actions: Vec<String> = roster
        .audit_log(None, Some(20))
        .expect("audit log")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.iter().any(|a| a == "print.coverage"),
        "the report is audited: {actions:?}"
    );
}

struct Window {
    session: Session,
    _driver: Driver,
    _display: VirtualDisplay,
}

impl Window {
    fn open(roster_file: &Path, name: &str) -> Window {
        Window::open_app(roster_file, name, Path::new(APP), &[])
    }

    /// [`Window::open`] with `app` started in its place (a wrapper around the app), and
    /// `env` added to the app's environment.
    fn open_app(roster_file: &Path, name: &str, app: &Path, env: &[(&str, &str)]) -> Window {
        let tauri_driver = find_on_path("tauri-driver").unwrap_or_else(|| {
            panic!(
                "tauri-driver is not on PATH. Install it with \
                 `cargo install tauri-driver --locked --version '^2'` (it also needs \
                 Debian's webkit2gtk-driver and xvfb)."
            )
        });
        assert!(
            find_on_path("WebKitWebDriver").is_some(),
            "WebKitWebDriver is not on PATH: install Debian's webkit2gtk-driver."
        );
        let display = VirtualDisplay::start();
        let artifacts = artifacts_dir(name);
        // On two busy cores WebKitWebDriver occasionally fails to start a session (seen
        // once in about ten runs); a fresh driver is tried before giving up. Whatever
        // happens after the session is open is never retried.
        let mut failures = Vec::new();
        let (driver, session) = (0..3)
            .find_map(|_| {
                let driver = Driver::start(&tauri_driver, &display.name, roster_file, env);
                match Session::open(&driver.url(), &artifacts, app) {
                    Ok(session) => Some((driver, session)),
                    Err(e) => {
                        failures.push(e);
                        None
                    }
                }
            })
            .unwrap_or_else(|| panic!("could not open the app through tauri-driver: {failures:?}"));
        Window {
            session,
            _driver: driver,
            _display: display,
        }
    }
}

/// Poll until `probe` gives an answer, or fail after `PATIENCE`.
fn poll<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> Result<T, String> {
    let start = Instant::now();
    loop {
        if let Some(found) = probe() {
            return Ok(found);
        }
        if start.elapsed() > PATIENCE {
            return Err(format!("gave up after {PATIENCE:?} waiting for {what}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The PDFs saved so far (the print screen's files in the test's save folder).
fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The text of a PDF, by poppler's `pdftotext` (as the print tests of the core read them).
fn pdftotext(pdf: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(pdf)
            .expect("saved PDF")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "a saved copy is readable by its owner only"
        );
    }
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// `<target>/e2e-artifacts/<name>`, beside the `debug` folder holding the app.
fn artifacts_dir(name: &str) -> PathBuf {
    let target = Path::new(APP)
        .ancestors()
        .nth(2)
        .expect("the app lives in <target>/<profile>/");
    let dir = target.join("e2e-artifacts").join(name);
    // Screenshots of an earlier run must not pass for this one's.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the artifacts folder");
    dir
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// Ends a child and everything it started (its process group) with SIGTERM: SIGKILL
/// would orphan WebKitWebDriver, which then keeps its port.
fn terminate(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("process {} did not stop within 10 s of SIGTERM", child.id());
}

/// The X display the window opens on: the session's own if `DISPLAY` is set, otherwise
/// an Xvfb of our own.
struct VirtualDisplay {
    name: String,
    xvfb: Option<(Child, ChildStdout)>,
}

impl VirtualDisplay {
    fn start() -> Self {
        if let Some(name) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
            return VirtualDisplay { name, xvfb: None };
        }
        // `-displayfd 1`: Xvfb picks a free display number and writes it to stdout once
        // it accepts connections, so there is no guessing and no sleeping.
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start Xvfb (Debian package xvfb)");
        let stdout = xvfb.stdout.take().expect("Xvfb stdout");
        let mut reader = BufReader::new(stdout);
        let mut number = String::new();
        reader
            .read_line(&mut number)
            .expect("read Xvfb's display number");
        let number = number.trim();
        assert!(!number.is_empty(), "Xvfb did not report a display number");
        VirtualDisplay {
            name: format!(":{number}"),
            xvfb: Some((xvfb, reader.into_inner())),
        }
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        if let Some((xvfb, _)) = &mut self.xvfb {
            terminate(xvfb);
        }
    }
}

/// tauri-driver on free ports, in its own process group.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(tauri_driver: &Path, display: &str, roster_file: &Path, env: &[(&str, &str)]) -> Self {
        let scratch = roster_file
            .parent()
            .expect("the roster file is in a folder");
        let port = free_port();
        let native_port = free_port();
        let child = Command::new(tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", display)
            // Inherited by the app through WebKitWebDriver: the roster lives in our
            // temporary folder, never at the user's default location, and so do the
            // webview's own data (local storage, caches).
            .env("YORISOI_DB", roster_file)
            // Debug builds save prints here instead of opening the save dialog.
            .env("YORISOI_E2E_SAVE_DIR", scratch.join("saved"))
            // Offered and ignored: the operator is the OS account, asked of the OS.
            .env("USER", SPOOFED_OPERATOR)
            .env("USERNAME", SPOOFED_OPERATOR)
            .env("XDG_DATA_HOME", scratch.join("data"))
            .env("XDG_CACHE_HOME", scratch.join("cache"))
            .env("XDG_CONFIG_HOME", scratch.join("config"))
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start tauri-driver");
        let driver = Driver { child, port };
        poll("tauri-driver to listen", || {
            TcpStream::connect(("127.0.0.1", port)).ok()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

/// A WebDriver session on the app's window.
struct Session {
    http: ureq::Agent,
    base: String,
    artifacts: PathBuf,
}

impl Session {
    fn open(driver: &str, artifacts: &Path, app: &Path) -> Result<Self, String> {
        let http: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let capabilities = json!({
            "capabilities": { "alwaysMatch": { "tauri:options": { "application": app } } }
        });
        let reply = request(
            &http,
            "POST",
            &format!("{driver}/session"),
            Some(capabilities),
        )?;
        let id = reply["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {reply}"))?
            .to_owned();
        Ok(Session {
            http,
            base: format!("{driver}/session/{id}"),
            artifacts: artifacts.to_owned(),
        })
    }

    /// One call on this session. Errors are returned, not raised: while the page loads,
    /// WebDriver answers "no such frame" and the like, and a poll simply tries again.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        request(&self.http, method, &format!("{}{path}", self.base), body)
    }

    fn post(&self, path: &str, body: Value) -> Value {
        self.call("POST", path, Some(body))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_find_all(&self, css: &str) -> Option<Vec<String>> {
        let found = self
            .call(
                "POST",
                "/elements",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .ok()?;
        let ids = found.as_array()?.iter().filter_map(|e| e[ELEMENT].as_str());
        Some(ids.map(str::to_owned).collect())
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.wait_until(&format!("an answer for {css}"), || self.try_find_all(css))
    }

    fn find(&self, css: &str) -> String {
        self.wait_for(css)
    }

    /// The first element matching `css` that is on screen.
    fn wait_for(&self, css: &str) -> String {
        self.wait_until(css, || {
            self.try_find_all(css)?.into_iter().find(|id| {
                self.call("GET", &format!("/element/{id}/displayed"), None) == Ok(json!(true))
            })
        })
    }

    fn wait_for_text(&self, css: &str, expected: &str) {
        self.wait_until(&format!("{css} to show {expected:?}"), || {
            let id = self.try_find_all(css)?.into_iter().next()?;
            self.try_text(&id)?.contains(expected).then_some(())
        })
    }

    /// Like [`poll`], leaving a screenshot behind when it gives up.
    fn wait_until<T>(&self, what: &str, probe: impl FnMut() -> Option<T>) -> T {
        poll(what, probe).unwrap_or_else(|failure| {
            self.screenshot("failed");
            panic!("{failure} (screenshot: failed.png)")
        })
    }

    fn try_text(&self, element: &str) -> Option<String> {
        let text = self
            .call("GET", &format!("/element/{element}/text"), None)
            .ok()?;
        text.as_str().map(str::to_owned)
    }

    fn text(&self, element: &str) -> String {
        self.wait_until("an element's text", || self.try_text(element))
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.wait_for(css);
        self.post(&format!("/element/{id}/value"), json!({ "text": text }));
    }

    fn click(&self, css: &str) {
        let id = self.wait_for(css);
        self.post(&format!("/element/{id}/click"), json!({}));
    }

    /// Chooses `value` in a `<select>` the way a change by the keyboard does.
    fn select(&self, css: &str, value: &str) {
        self.wait_for(css);
        let script = json!({
            "script": "const [css, value] = arguments; const el = document.querySelector(css); \
                       if (![...el.options].some(o => o.value === value)) return false; \
                       el.value = value; el.dispatchEvent(new Event('change', { bubbles: true })); \
                       return true;",
            "args": [css, value]
        });
        self.wait_until(&format!("{css} to offer {value}"), || {
            let answer = self
                .call("POST", "/execute/sync", Some(script.clone()))
                .ok()?;
            (answer == json!(true)).then_some(())
        });
    }

    /// Calls a backend command from the page, as a page could (bypassing the screens):
    /// `{ ok: value }` or the error the backend sent.
    fn invoke(&self, command: &str, request: Value) -> Value {
        let script = json!({
            "script": "const [command, request, done] = arguments; \
                       window.__TAURI_INTERNALS__.invoke(command, { request }) \
                         .then(ok => done({ ok }), err => done(err));",
            "args": [command, request]
        });
        self.call("POST", "/execute/async", Some(script))
            .unwrap_or_else(|e| panic!("invoking {command}: {e}"))
    }

    fn script(&self, body: &str) -> Option<Value> {
        let script = json!({ "script": body, "args": [] });
        self.call("POST", "/execute/sync", Some(script)).ok()
    }

    fn screenshot(&self, name: &str) {
        // WebKit snapshots what was last painted, which can lag the DOM by a step: let
        // two frames pass first.
        let frames = json!({
            "script": "const done = arguments[arguments.length - 1]; \
                       requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            "args": []
        });
        if let Err(e) = self.call("POST", "/execute/async", Some(frames)) {
            eprintln!("waiting for a paint before {name}: {e}");
        }
        let Ok(png) = self.call("GET", "/screenshot", None) else {
            eprintln!("no screenshot for {name}");
            return;
        };
        let png = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap_or_default())
            .expect("screenshot is base64");
        std::fs::write(self.artifacts.join(format!("{name}.png")), png).expect("save screenshot");
    }
}

/// Ending the session closes the app before tauri-driver is stopped.
impl Drop for Session {
    fn drop(&mut self) {
        if let Err(e) = request(&self.http, "DELETE", &self.base, None) {
            eprintln!("closing the session: {e}");
        }
    }
}

/// One WebDriver call: the answer's `value`, or what went wrong.
fn request(
    http: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let reply = match (method, body) {
        ("GET", _) => http.get(url).call(),
        ("DELETE", _) => http.delete(url).call(),
        (_, Some(body)) => http.post(url).send_json(body),
        (_, None) => http.post(url).send_empty(),
    };
    let mut reply = reply.map_err(|e| format!("{method} {url}: {e}"))?;
    let status = reply.status();
    let answer: Value = reply
        .body_mut()
        .read_json()
        .map_err(|e| format!("{method} {url}: unreadable answer: {e}"))?;
    if !status.is_success() {
        return Err(format!("{method} {url}: {status}: {answer}"));
    }
    Ok(answer["value"].clone())
}
