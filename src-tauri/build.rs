// Declaring the app's commands makes each one a permission of its own
// (`allow-roster-open`, ...): the window can then call only those its capability lists
// (capabilities/default.json), instead of every command the binary registers.
const COMMANDS: &[&str] = &[
    "roster_location",
    "roster_open",
    "roster_create",
    "roster_lock",
    "persons_search",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build: {err:#}");
    }
}
