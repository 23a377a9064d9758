//! Printing and the copy ledger. Officers only, checked here and in
//! [`AppState::write`]. The page never names a file: the save dialog is opened from Rust
//! and the core writes the finished PDF to the chosen file through [`NewFile`] (under an
//! unfinished name until the copy is recorded, then renamed).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;
use yorisoi::geo::LonLat;
use yorisoi::map::{drawn_polygon, AreaShape};
use yorisoi::model::account::Role;
use yorisoi::model::IssuanceStatus;
use yorisoi::policy::FieldProfile;
use yorisoi::print::svg::page_svg;
use yorisoi::printing::{
    Destination, ListRequest, NewFile, PlanRequest, PlanTarget, PrintPreview, Printed, Unpublished,
};
use yorisoi::progress::{Progress, Stage, StopFlag};
use yorisoi::Roster;

use crate::api::{
    CopyChase, LedgerDetail, LedgerQuery, LedgerRow, LedgerStatusRequest, PrintPreviewView,
    PrintProgress, PrintRequest, PrintSummary, SavedFileRequest, SerialRequest,
};
use crate::error::IpcError;
use crate::state::AppState;

/// Pages a preview shows.
const PREVIEW_PAGES: usize = 3;

/// Debug builds only: save into this folder instead of asking (the real-window test
/// cannot drive the system dialog). Release builds do not read it.
#[cfg(debug_assertions)]
const E2E_SAVE_DIR: &str = "YORISOI_E2E_SAVE_DIR";

fn date(text: Option<&str>) -> Result<Option<NaiveDate>, IpcError> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| IpcError::invalid("due_back", "must be a date (YYYY-MM-DD)")),
    }
}

fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The print the request asks for, as the core's request types.
enum Job<'a> {
    List(ListRequest<'a>),
    Plans(PlanRequest<'a>),
    /// The consent form, blank or filled in for a person.
    Form(Option<i64>),
    /// Consent request letters; people whose consent ends within this many days too.
    Letters(u32),
}

/// Letters also go to people whose consent ends within this many days (as the CLI).
const LETTER_DAYS: u32 = 60;

/// The area drawn on the map that a list is cut to, if any.
fn drawn_area(req: &PrintRequest) -> Result<Option<AreaShape>, IpcError> {
    let Some(corners) = &req.area else {
        return Ok(None);
    };
    let corners: Vec<LonLat> = corners.iter().copied().map(LonLat::from).collect();
    Ok(Some(AreaShape::Drawn(vec![drawn_polygon(&corners)?])))
}

fn job<'a>(req: &'a PrintRequest, area: Option<&'a AreaShape>) -> Result<Job<'a>, IpcError> {
    let password = req.password.as_deref().filter(|p| !p.is_empty());
    let due_back = date(req.due_back.as_deref())?;
    let reprint_reason = text(&req.reprint_reason);
    // A map page is a list's; an area drawn on the map is a list's or plan sheets'. Never
    // ignored silently.
    if req.map == Some(true) && req.document != "list" {
        return Err(IpcError::invalid(
            "map",
            "a map page is added to a list only",
        ));
    }
    if area.is_some() && req.document != "list" && req.document != "plans" {
        return Err(IpcError::invalid(
            "area",
            "an area drawn on the map chooses the people of a list or of plan sheets",
        ));
    }
    match req.document.as_str() {
        "list" => Ok(Job::List(ListRequest {
            recipient_id: req
                .recipient_id
                .ok_or_else(|| IpcError::invalid("recipient_id", "choose a recipient"))?,
            profile: FieldProfile::from_token(&req.profile)
                .ok_or_else(|| IpcError::invalid("profile", "simplified or detailed"))?,
            district: text(&req.district),
            association: text(&req.association),
            block: text(&req.block),
            password,
            unlocked_reason: text(&req.unlocked_reason),
            due_back,
            reprint_reason,
            area,
            map: req.map.unwrap_or(false),
            shelter: None,
        })),
        "plans" => Ok(Job::Plans(PlanRequest {
            target: match (req.person_id, text(&req.district), area) {
                (Some(_), _, Some(_)) => {
                    return Err(IpcError::invalid(
                        "area",
                        "choose one person or an area, not both",
                    ))
                }
                (None, _, Some(shape)) => PlanTarget::Area(shape),
                (Some(id), _, None) => PlanTarget::Person(id),
                (None, Some(d), None) => PlanTarget::District(d),
                (None, None, None) => {
                    return Err(IpcError::invalid(
                        "district",
                        "choose a district or one person",
                    ))
                }
            },
            recipient_id: req.recipient_id,
            password,
            unlocked_reason: text(&req.unlocked_reason),
            due_back,
            reprint_reason,
        })),
        "form" => Ok(Job::Form(req.person_id)),
        "letters" => Ok(Job::Letters(req.days.unwrap_or(LETTER_DAYS))),
        _ => Err(IpcError::invalid(
            "document",
            "list, plans, form or letters",
        )),
    }
}

fn preview(r: &mut Roster, job: &Job<'_>) -> yorisoi::Result<PrintPreview> {
    match job {
        Job::List(l) => r.preview_list(l, PREVIEW_PAGES),
        Job::Plans(p) => r.preview_plans(p, PREVIEW_PAGES),
        Job::Form(_) | Job::Letters(_) => {
            Err(yorisoi::Error::Invalid(yorisoi::ValidationError::new(
                "document",
                "the preview shows lists and plan sheets; print forms and letters directly",
            )))
        }
    }
}

/// The first pages of what would be printed, as SVG. Audited `print.preview` by the core;
/// nothing goes into the ledger.
#[tauri::command]
pub async fn print_preview(
    request: PrintRequest,
    state: State<'_, AppState>,
) -> Result<PrintPreviewView, IpcError> {
    let area = drawn_area(&request)?;
    let job = job(&request, area.as_ref())?;
    let p = state.write(|r| preview(r, &job))?;
    Ok(PrintPreviewView {
        summary: p.printed.into(),
        pages: p.pages.iter().map(page_svg).collect(),
    })
}

/// A file name to offer: what it is and the day, never a person's name.
fn suggested_name(req: &PrintRequest, today: &str) -> String {
    let what = match (req.document.as_str(), req.profile.as_str()) {
        ("list", "detailed") => "名簿_詳細版",
        ("list", _) => "名簿_簡易版",
        ("form", _) => "登録申請書兼同意書",
        ("letters", _) => "同意確認のお願い",
        _ => "個別避難計画",
    };
    format!("{what}_{today}.pdf")
}

/// Where to save: the system dialog (or, in debug builds under test, a fixed folder).
/// `None` when the officer cancelled.
pub(crate) fn choose_file(app: &AppHandle, name: &str) -> Result<Option<PathBuf>, IpcError> {
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os(E2E_SAVE_DIR).filter(|d| !d.is_empty()) {
        return Ok(Some(free_name(Path::new(&dir), name)));
    }
    let (kind, extension) = file_kind(name);
    let picked = app
        .dialog()
        .file()
        .set_file_name(name)
        .add_filter(kind, &[extension])
        .blocking_save_file();
    match picked {
        None => Ok(None),
        Some(p) => p
            .into_path()
            .map(Some)
            .map_err(|_| IpcError::invalid("file", "choose a file on this computer")),
    }
}

/// What the dialog offers to save as, by the offered name's ending: a CSV (the claim
/// list for the finance system) or, as every other print, a PDF.
fn file_kind(name: &str) -> (&'static str, &'static str) {
    if name.ends_with(".csv") {
        ("CSV", "csv")
    } else {
        ("PDF", "pdf")
    }
}

/// `dir/name`, or `dir/name-2.pdf` (`.csv`) … when taken.
#[cfg(debug_assertions)]
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let (_, extension) = file_kind(name);
    let stem = name.trim_end_matches(&format!(".{extension}"));
    (1..)
        .map(|n| match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem}-{n}.{extension}")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(name))
}

/// Writes a new file readable by its owner only; never replaces an existing file. A
/// half-written file is removed.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> yorisoi::Result<()> {
    yorisoi::platform::write_private(path, bytes).map_err(|e| refusal(e.kind()))
}

/// Why a file could not be written in the chosen place, in the dialog's words.
fn refusal(kind: std::io::ErrorKind) -> yorisoi::Error {
    let reason = if kind == std::io::ErrorKind::AlreadyExists {
        "a file of that name exists; choose a new name (a printed copy never replaces another file)"
    } else {
        "the file could not be written there; choose another folder"
    };
    yorisoi::Error::Invalid(yorisoi::ValidationError::new("file", reason))
}

/// A print's file as the window saves it: the core's [`NewFile`] (staged under an
/// unfinished name, named once the copy is recorded), with a refusal to write in the
/// chosen place worded for the dialog.
struct ChosenFile(NewFile);

impl Destination for ChosenFile {
    fn stage(&mut self, bytes: &[u8], serial: Option<&str>) -> yorisoi::Result<()> {
        self.0.stage(bytes, serial).map_err(|e| match e {
            yorisoi::Error::AlreadyExists(_) => refusal(std::io::ErrorKind::AlreadyExists),
            yorisoi::Error::Io { source, .. } => refusal(source.kind()),
            other => other,
        })
    }

    fn publish(&mut self) -> Result<(), Unpublished> {
        self.0.publish()
    }

    fn discard(&mut self) {
        self.0.discard();
    }
}

/// The core's way of printing: given the roster and where the finished PDF goes, it
/// checks, renders, stages the file, records and names the file — all or nothing.
pub(crate) type PrintWith<'a> =
    dyn FnOnce(&mut Roster, &mut dyn Destination) -> yorisoi::Result<Printed> + 'a;

/// Every print of the window: officers only; asks where to save (offering `name`, never
/// a person's name), then runs `print` into a new private file that gets its name only
/// once the copy is recorded. `None` when the officer cancelled.
pub(crate) fn save_through_dialog(
    app: &AppHandle,
    state: &AppState,
    name: &str,
    print: Box<PrintWith<'_>>,
) -> Result<Option<PrintSummary>, IpcError> {
    if !state.role()?.is_some_and(Role::can_write) {
        return Err(IpcError::forbidden());
    }
    let Some(path) = choose_file(app, name)? else {
        return Ok(None);
    };
    let mut file = ChosenFile(NewFile::new(&path));
    let printed = state.write(|r| print(r, &mut file))?;
    Ok(Some(PrintSummary {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        saved_file: Some(state.remember_saved(path)?),
        ..printed.into()
    }))
}

/// 「印刷」: opens a file this window saved in the PC's PDF viewer, which prints it (and
/// asks for a locked list's password). The page names the file by its handle only.
#[tauri::command]
pub fn print_open(request: SavedFileRequest, state: State<'_, AppState>) -> Result<(), IpcError> {
    let path = state.saved(request.saved_file)?;
    crate::viewer::open(&path).map_err(|_| {
        IpcError::invalid(
            "saved_file",
            "the PDF viewer could not be opened; open the saved file from its folder",
        )
    })
}

/// Asks where to save, then prints: the core checks the sharing rule and every
/// character, stages the PDF beside the chosen name, records the copy in the ledger, and
/// only then names the file. `null` when the officer cancelled the dialog.
#[tauri::command]
pub async fn print_save(
    request: PrintRequest,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PrintSummary>, IpcError> {
    let area = drawn_area(&request)?;
    let job = job(&request, area.as_ref())?;
    let today = state.clock.today().to_string();
    let name = suggested_name(&request, &today);
    let progress = WindowProgress {
        app: app.clone(),
        stop: state.begin_print()?,
    };
    let print = move |r: &mut Roster, save: &mut dyn Destination| match &job {
        Job::List(l) => r.print_list_with_progress(l, save, &progress),
        Job::Form(person) => r.print_form(*person, save),
        Job::Letters(days) => r.print_letters(*days, save),
        Job::Plans(p) => r.print_plans_reporting(p, save, &progress),
    };
    save_through_dialog(&app, &state, &name, Box::new(print))
}

/// 中止 on the print page: the print being made stops before it records or saves anything
/// (the page then shows `cancelled`). Nothing happens when no print is running.
#[tauri::command]
pub fn print_stop(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.stop_print()
}

/// A print's progress as `print-progress` events, and the page's 中止 as its stop request.
struct WindowProgress {
    app: AppHandle,
    stop: StopFlag,
}

impl Progress for WindowProgress {
    fn report(&self, _stage: Stage, done: u64, total: u64) {
        let _ = self.app.emit(
            "print-progress",
            PrintProgress {
                done: u32::try_from(done).unwrap_or(u32::MAX),
                total: u32::try_from(total).unwrap_or(u32::MAX),
            },
        );
    }

    fn stop_requested(&self) -> bool {
        self.stop.is_raised()
    }
}

#[tauri::command]
pub fn ledger_list(
    request: LedgerQuery,
    state: State<'_, AppState>,
) -> Result<Vec<LedgerRow>, IpcError> {
    let status = match request.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            IssuanceStatus::from_token(s)
                .ok_or_else(|| IpcError::invalid("status", "unknown status"))?,
        ),
    };
    let rows = state.read(|r| r.issuances(status))?;
    Ok(rows.into_iter().rev().map(LedgerRow::from).collect())
}

/// One copy with the people on it (audited `issuance.show`: it lists names).
#[tauri::command]
pub fn ledger_detail(
    request: SerialRequest,
    state: State<'_, AppState>,
) -> Result<LedgerDetail, IpcError> {
    state
        .view(|r| r.issuance_detail(&request.serial))
        .map(LedgerDetail::from)
}

/// Records a copy returned, destroyed or lost. Officers only.
#[tauri::command]
pub fn ledger_set_status(
    request: LedgerStatusRequest,
    state: State<'_, AppState>,
) -> Result<LedgerRow, IpcError> {
    let status = IssuanceStatus::from_token(&request.status)
        .filter(|s| *s != IssuanceStatus::Issued)
        .ok_or_else(|| IpcError::invalid("status", "returned, destroyed or lost"))?;
    state
        .write(|r| r.set_issuance_status(&request.serial, status, &request.note))
        .map(LedgerRow::from)
}

/// Copies to chase back: overdue, custodian changed, holding a withdrawn person.
pub fn copies_to_chase(r: &Roster) -> yorisoi::Result<Vec<CopyChase>> {
    let w = r.copy_worklist()?;
    let mut out: Vec<CopyChase> = Vec::new();
    out.extend(w.overdue.into_iter().map(|c| CopyChase::new("overdue", c)));
    out.extend(
        w.custodian_changed
            .into_iter()
            .map(|c| CopyChase::new("custodian_changed", c)),
    );
    out.extend(
        w.withdrawn
            .into_iter()
            .map(|c| CopyChase::new("withdrawn", c)),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_copy_is_new_and_private_and_never_replaces_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.pdf");
        write_new(&path, b"%PDF-1.7").expect("written");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(write_new(&path, b"other").is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF-1.7");
        #[cfg(debug_assertions)]
        assert_eq!(free_name(dir.path(), "a.pdf"), dir.path().join("a-2.pdf"));
        #[cfg(debug_assertions)]
        {
            write_new(&dir.path().join("b.csv"), b"x").expect("written");
            assert_eq!(free_name(dir.path(), "b.csv"), dir.path().join("b-2.csv"));
        }
        assert_eq!(file_kind("請求一覧_2026-11.csv"), ("CSV", "csv"));
        assert_eq!(file_kind("名簿_簡易版.pdf"), ("PDF", "pdf"));
    }

    #[test]
    fn a_print_is_named_only_once_recorded_and_a_taken_name_is_refused_in_the_dialogs_words() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("名簿_簡易版.pdf");
        let mut file = ChosenFile(NewFile::new(&path));
        file.stage(b"%PDF-1.7", Some("2026-00001")).expect("staged");
        assert!(!path.exists(), "not named before the copy is recorded");
        let staged = dir.path().join(".名簿_簡易版.pdf.2026-00001.part");
        assert_eq!(std::fs::read(&staged).expect("staged bytes"), b"%PDF-1.7");
        file.publish().expect("named");
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF-1.7");
        assert!(!staged.exists());
        let mut again = ChosenFile(NewFile::new(&path));
        let e = again.stage(b"other", None).expect_err("never replaced");
        assert!(
            matches!(&e, yorisoi::Error::Invalid(v) if v.field == "file" && v.reason.contains("choose a new name")),
            "{e}"
        );
        let mut nowhere = ChosenFile(NewFile::new(dir.path().join("no/such/folder.pdf")));
        let e = nowhere.stage(b"x", None).expect_err("no folder");
        assert!(
            matches!(&e, yorisoi::Error::Invalid(v) if v.reason.contains("choose another folder")),
            "{e}"
        );
        nowhere.discard();
        assert_eq!(std::fs::read(&path).expect("untouched"), b"%PDF-1.7");
    }

    #[test]
    fn requests_become_the_cores_requests() {
        let base = PrintRequest {
            document: "list".into(),
            profile: "simplified".into(),
            recipient_id: Some(3),
            district: Some(" ".into()),
            association: None,
            block: None,
            person_id: None,
            password: Some(String::new()),
            unlocked_reason: None,
            due_back: Some("2027-04-01".into()),
            reprint_reason: None,
            days: None,
            area: None,
            map: None,
        };
        let Ok(Job::List(l)) = job(&base, None) else {
            panic!("a list")
        };
        assert_eq!(l.recipient_id, 3);
        assert!(l.district.is_none() && l.password.is_none() && l.area.is_none());
        assert!(!l.map, "no map page unless asked");
        let with_map = PrintRequest {
            map: Some(true),
            ..base.clone()
        };
        let Ok(Job::List(l)) = job(&with_map, None) else {
            panic!("a list")
        };
        assert!(l.map, "the 地図 page when asked");
        // An area drawn on the map: its corners, closed by the core.
        let corner = |lon, lat| crate::api::MapLonLat { lon, lat };
        let drawn = PrintRequest {
            area: Some(vec![
                corner(138.0, 35.0),
                corner(138.01, 35.0),
                corner(138.0, 35.01),
            ]),
            ..base.clone()
        };
        let area = drawn_area(&drawn).expect("an area");
        assert!(matches!(&area, Some(AreaShape::Drawn(a)) if a.len() == 1));
        let Ok(Job::List(l)) = job(&drawn, area.as_ref()) else {
            panic!("a list of the area")
        };
        assert!(l.area.is_some());
        let line = PrintRequest {
            area: Some(vec![corner(138.0, 35.0), corner(138.01, 35.0)]),
            ..base.clone()
        };
        assert!(drawn_area(&line).is_err(), "two corners make no area");
        assert_eq!(l.due_back, NaiveDate::from_ymd_opt(2027, 4, 1));
        let bad = PrintRequest {
            due_back: Some("来年".into()),
            ..base.clone()
        };
        assert!(job(&bad, None).is_err());
        let plans = PrintRequest {
            document: "plans".into(),
            recipient_id: None,
            ..base
        };
        assert!(
            job(&plans, None).is_err(),
            "plans need a district or a person"
        );
        // Plan sheets of an area drawn on the map; not with one person too; never a map
        // page with them.
        let Ok(Job::Plans(p)) = job(&plans, area.as_ref()) else {
            panic!("plan sheets of the area")
        };
        assert!(matches!(p.target, PlanTarget::Area(_)));
        let one = PrintRequest {
            person_id: Some(7),
            ..plans.clone()
        };
        assert!(job(&one, area.as_ref()).is_err());
        let mapped = PrintRequest {
            map: Some(true),
            ..plans.clone()
        };
        assert!(job(&mapped, None).is_err(), "a map page is a list's");
        let form = PrintRequest {
            document: "form".into(),
            person_id: Some(7),
            ..plans.clone()
        };
        assert!(matches!(job(&form, None), Ok(Job::Form(Some(7)))));
        let letters = PrintRequest {
            document: "letters".into(),
            ..plans.clone()
        };
        assert!(matches!(job(&letters, None), Ok(Job::Letters(LETTER_DAYS))));
        let other = PrintRequest {
            document: "poster".into(),
            ..plans
        };
        assert!(job(&other, None).is_err());
    }
}
