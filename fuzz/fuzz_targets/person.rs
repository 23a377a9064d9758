//! The person document `person add --json` reads, and its validation into the model: any
//! text must give a person or a validation error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yorisoi::model::validate::normalise_person;
use yorisoi::model::Person;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut person) = Person::from_json(text) else {
        return;
    };
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 12, 6) else {
        return;
    };
    if normalise_person(&mut person, today).is_ok() {
        // What validation accepts is what the roster stores and shows as this document:
        // it must read back.
        let Ok(json) = serde_json::to_string(&person) else {
            return;
        };
        let again = Person::from_json(&json);
        assert!(
            again.is_ok(),
            "a validated person did not read back: {again:?}"
        );
    }
});
