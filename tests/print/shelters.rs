//! A shelter's list (#22): its operator is given only the people whose plans name the
//! shelter, through the sharing rule, ledgered like any list; and nothing else.

use yorisoi::model::shelter::NewShelter;
use yorisoi::model::{ConsentAnswer, Recipient, RecipientKind};
use yorisoi::printing::{PlanRequest, PlanTarget};
use yorisoi::shelters::{DestinationPlace, DestinationSet};
use yorisoi::Error;

use super::support::*;

#[test]
fn a_shelters_operator_gets_the_people_expected_there_and_no_one_else() {
    let mut town = town();
    let r = &mut town.r;
    let doc: NewShelter = serde_json::from_value(serde_json::json!({
        "name": "みどり苑", "welfare": "designated", "groups": ["elderly"], "capacity": 20
    }))
    .unwrap();
    let shelter = r.add_shelter(doc).unwrap().id;
    let operator = r
        .add_recipient(&Recipient {
            id: None,
            kind: RecipientKind::Shelter,
            name: "みどり苑 施設長".into(),
            district: None,
            association: None,
            custodian: "苑長 一郎".into(),
            address: String::new(),
            phone: String::new(),
        })
        .unwrap();
    let mut expected = |name: &str, answer: Option<ConsentAnswer>, goes: bool| {
        let id = add_neighbour(
            r,
            name,
            "テスト",
            "みどり市中央町1-1-1",
            serde_json::json!({}),
        );
        if let Some(a) = answer {
            r.record_consent(consent(id, RecipientKind::Shelter, a))
                .unwrap();
        }
        if goes {
            r.set_destination(&DestinationSet {
                person_id: id,
                hazard: None,
                place: DestinationPlace::Shelter {
                    id: shelter,
                    direct: true,
                },
            })
            .unwrap();
        }
        id
    };
    let going = expected("避難 行子", Some(ConsentAnswer::Consented), true);
    let refused = expected("拒否 する子", Some(ConsentAnswer::Refused), true);
    let elsewhere = expected("別所 行子", Some(ConsentAnswer::Consented), false);

    let req = yorisoi::printing::ListRequest {
        shelter: Some(shelter),
        ..simple(operator)
    };
    let (printed, pdf) = list(r, &req).unwrap();
    let text = pages_text(&pdf, None).join("\n");
    assert!(has_id(&text, going), "{text}");
    assert!(!has_id(&text, refused) && !text.contains("拒否 する子"));
    assert!(!has_id(&text, elsewhere) && !text.contains("別所 行子"));
    assert!(text.contains("避難先 みどり苑"), "{text}");
    // The one expected there whose answer keeps them off is counted, not the others.
    assert_eq!((printed.persons, printed.excluded), (1, 1));
    let copy = r.issuances(None).unwrap().remove(0);
    assert!(copy.cut.contains("避難先 みどり苑"), "{}", copy.cut);

    // The operator is given no other list and no plan sheets; no one else its list.
    let e = list(r, &simple(operator)).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "shelter"),
        "{e}"
    );
    let e = list(
        r,
        &yorisoi::printing::ListRequest {
            shelter: Some(shelter),
            ..simple(town.assoc)
        },
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "shelter"),
        "{e}"
    );
    let e = plans(
        r,
        &PlanRequest {
            target: PlanTarget::Person(going),
            recipient_id: Some(operator),
            password: None,
            unlocked_reason: Some("試験"),
            due_back: None,
            reprint_reason: None,
        },
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "recipient"),
        "{e}"
    );
    assert_eq!(
        r.issuances(None).unwrap().len(),
        1,
        "refusals record nothing"
    );
}
