// Declaring the app's commands makes each one a permission of its own
// (`allow-roster-open`, ...): the window can then call only those its capability lists
// (capabilities/default.json), instead of every command the binary registers.
const COMMANDS: &[&str] = &[
    "roster_location",
    "roster_location_set",
    "roster_open",
    "roster_create",
    "roster_lock",
    "persons_page",
    "districts_list",
    "associations_list",
    "session_info",
    "session_touch",
    "preferences_get",
    "preferences_set",
    "person_get",
    "person_save",
    "person_archive",
    "person_restore",
    "person_audit",
    "date_read",
    "vocabulary",
    "supporters_list",
    "supporter_add",
    "supporter_assign",
    "supporter_unassign",
    "supporters_reorder",
    "recipients_list",
    "recipient_add",
    "recipient_update",
    "recipient_retire",
    "consent_history",
    "consent_record",
    "supporter_consent_history",
    "supporter_consent_record",
    "disaster_status",
    "disaster_on",
    "disaster_off",
    "worklists",
    "dashboard",
    "audit_list",
    "audit_verify",
    "print_preview",
    "print_save",
    "ledger_list",
    "ledger_detail",
    "ledger_set_status",
    "drills_list",
    "drill_new",
    "drill_sheets",
    "drill_sheet_save",
    "drill_person",
    "drill_check",
    "drill_supporters",
    "drill_warn",
    "drill_board",
    "drill_report",
    "drill_lessons",
    "drill_report_save",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build: {err:#}");
    }
}
