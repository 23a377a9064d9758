//! Keeps `ui/src/lib/bindings/` in step with the IPC types.
//!
//! `cargo test` compares each generated TypeScript file with the one in the tree. A stale
//! file is rewritten and the test fails, so CI catches drift and a local run fixes it
//! (run the tests again, then commit the new files).

use std::path::{Path, PathBuf};

use ts_rs::{Config, TS};

use crate::api::*;
use crate::error::{ErrorCode, IpcError, UnprintableChar};

fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings")
}

/// The file's name and what it should hold.
fn generated<T: TS + 'static>(cfg: &Config) -> (PathBuf, String) {
    let file = T::output_path().expect("derived types have an output path");
    let text = T::export_to_string(cfg).expect("type exports to TypeScript");
    (file, text)
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let dir = bindings_dir();
    let cfg = Config::new().with_out_dir(&dir);
    let files = [
        generated::<ErrorCode>(&cfg),
        generated::<IpcError>(&cfg),
        generated::<WriteStateView>(&cfg),
        generated::<RosterLocation>(&cfg),
        generated::<UnlockRequest>(&cfg),
        generated::<UnlockNotesView>(&cfg),
        generated::<RecoveryKeyView>(&cfg),
        generated::<CreatedView>(&cfg),
        generated::<RecoveryOpenRequest>(&cfg),
        generated::<StrengthRequest>(&cfg),
        generated::<StrengthView>(&cfg),
        generated::<AccountRow>(&cfg),
        generated::<AccountAddRequest>(&cfg),
        generated::<AccountRoleRequest>(&cfg),
        generated::<AccountName>(&cfg),
        generated::<PassphraseChangeRequest>(&cfg),
        generated::<SavedSheet>(&cfg),
        generated::<LocationRequest>(&cfg),
        generated::<DistrictName>(&cfg),
        generated::<RosterPageRequest>(&cfg),
        generated::<PersonRow>(&cfg),
        generated::<RosterPageResponse>(&cfg),
        generated::<PersonDoc>(&cfg),
        generated::<ContactDoc>(&cfg),
        generated::<PhysicalDisabilityDoc>(&cfg),
        generated::<MedicalDeviceDoc>(&cfg),
        generated::<HouseholdMemberDoc>(&cfg),
        generated::<EmergencyContactDoc>(&cfg),
        generated::<HouseDoc>(&cfg),
        generated::<HazardZonesDoc>(&cfg),
        generated::<RegistrationDoc>(&cfg),
        generated::<PlanDoc>(&cfg),
        generated::<DestinationDoc>(&cfg),
        generated::<ArchivedDoc>(&cfg),
        generated::<AssignedSupporterDoc>(&cfg),
        generated::<PersonId>(&cfg),
        generated::<PersonSaveRequest>(&cfg),
        generated::<ArchiveRequest>(&cfg),
        generated::<DateRequest>(&cfg),
        generated::<DateReading>(&cfg),
        generated::<SupporterRow>(&cfg),
        generated::<SupporterInput>(&cfg),
        generated::<AssignRequest>(&cfg),
        generated::<UnassignRequest>(&cfg),
        generated::<ReorderRequest>(&cfg),
        generated::<RecipientRow>(&cfg),
        generated::<RecipientInput>(&cfg),
        generated::<RecipientUpdate>(&cfg),
        generated::<RecipientId>(&cfg),
        generated::<ConsentRow>(&cfg),
        generated::<ConsentInput>(&cfg),
        generated::<AuditRow>(&cfg),
        generated::<SupporterConsentRow>(&cfg),
        generated::<SupporterConsentInput>(&cfg),
        generated::<SupporterId>(&cfg),
        generated::<DisasterView>(&cfg),
        generated::<DisasterOnRequest>(&cfg),
        generated::<WorkRow>(&cfg),
        generated::<Worklists>(&cfg),
        generated::<DistrictCounts>(&cfg),
        generated::<ChainView>(&cfg),
        generated::<AuditRequest>(&cfg),
        generated::<HeadRequest>(&cfg),
        generated::<HeadTally>(&cfg),
        generated::<HeadAfterView>(&cfg),
        generated::<HeadCheckView>(&cfg),
        generated::<Preferences>(&cfg),
        generated::<SessionInfo>(&cfg),
        generated::<Vocabulary>(&cfg),
        generated::<UnprintableChar>(&cfg),
        generated::<PrintRequest>(&cfg),
        generated::<PrintSummary>(&cfg),
        generated::<PrintPreviewView>(&cfg),
        generated::<PrintProgress>(&cfg),
        generated::<LedgerRow>(&cfg),
        generated::<LedgerQuery>(&cfg),
        generated::<SerialRequest>(&cfg),
        generated::<SavedFileRequest>(&cfg),
        generated::<LedgerStatusRequest>(&cfg),
        generated::<CopyPersonRow>(&cfg),
        generated::<LedgerDetail>(&cfg),
        generated::<LedgerEvent>(&cfg),
        generated::<CopyChase>(&cfg),
        generated::<DrillRow>(&cfg),
        generated::<DrillNewRequest>(&cfg),
        generated::<DrillId>(&cfg),
        generated::<DrillSheetRequest>(&cfg),
        generated::<DrillSheetRow>(&cfg),
        generated::<DrillPersonRequest>(&cfg),
        generated::<DrillCheckRow>(&cfg),
        generated::<DrillPersonView>(&cfg),
        generated::<DrillCheckRequest>(&cfg),
        generated::<DrillArriveRequest>(&cfg),
        generated::<DrillArrivalView>(&cfg),
        generated::<ArrivedElsewhereView>(&cfg),
        generated::<ShelterArrivalsView>(&cfg),
        generated::<DrillWarnTally>(&cfg),
        generated::<DrillSupporterToCall>(&cfg),
        generated::<DrillWarningRow>(&cfg),
        generated::<DrillSupporterRow>(&cfg),
        generated::<DrillWarnRequest>(&cfg),
        generated::<DrillTally>(&cfg),
        generated::<DrillSupporterContact>(&cfg),
        generated::<DrillUnknown>(&cfg),
        generated::<DrillDistrictBoard>(&cfg),
        generated::<DrillBoardView>(&cfg),
        generated::<DrillBoardLonger>(&cfg),
        generated::<DrillBoardRequest>(&cfg),
        generated::<DrillDistrictReport>(&cfg),
        generated::<DrillNeverReached>(&cfg),
        generated::<DrillSilentSupporter>(&cfg),
        generated::<DrillCurveView>(&cfg),
        generated::<DrillReportView>(&cfg),
        generated::<DrillLessonsRequest>(&cfg),
        generated::<DeviceNote>(&cfg),
        generated::<BackupView>(&cfg),
        generated::<LastBackupView>(&cfg),
        generated::<AutoBackupView>(&cfg),
        generated::<AutoBackupRequest>(&cfg),
        generated::<BackupStatusView>(&cfg),
        generated::<CheckView>(&cfg),
        generated::<RestoreRequest>(&cfg),
        generated::<RestoredView>(&cfg),
        generated::<RestoredAccount>(&cfg),
        generated::<MapLayerRow>(&cfg),
        generated::<MapOverview>(&cfg),
        generated::<MapPointsRequest>(&cfg),
        generated::<MapLayerId>(&cfg),
        generated::<MapLonLat>(&cfg),
        generated::<MapAreaRequest>(&cfg),
        generated::<MapAreaPerson>(&cfg),
        generated::<MapAreaPeople>(&cfg),
        generated::<MapHome>(&cfg),
        generated::<MapPositionRequest>(&cfg),
        generated::<MapPositionSet>(&cfg),
        generated::<OfficeRow>(&cfg),
        generated::<SpecialistRow>(&cfg),
        generated::<CommissionQuery>(&cfg),
        generated::<CommissionNext>(&cfg),
        generated::<CommissionStepRow>(&cfg),
        generated::<CommissionFee>(&cfg),
        generated::<CommissionRow>(&cfg),
        generated::<CommissionNewRequest>(&cfg),
        generated::<CommissionStepRequest>(&cfg),
        generated::<FeeTableRequest>(&cfg),
        generated::<FeeItemRow>(&cfg),
        generated::<FeeTableView>(&cfg),
        generated::<PlanDueReason>(&cfg),
        generated::<PlanDueRow>(&cfg),
        generated::<ClaimsRequest>(&cfg),
        generated::<ClaimsSaveRequest>(&cfg),
        generated::<OfficeClaimsRow>(&cfg),
        generated::<ClaimsView>(&cfg),
        generated::<CoverageCounts>(&cfg),
        generated::<CoverageMaker>(&cfg),
        generated::<CoverageView>(&cfg),
        generated::<ShelterRow>(&cfg),
        generated::<ShelterWarningRow>(&cfg),
        generated::<WelfareLoadRow>(&cfg),
        generated::<WelfareSuggestion>(&cfg),
        generated::<WelfareNeedRow>(&cfg),
        generated::<WelfareMatchingView>(&cfg),
    ];

    let mut stale = Vec::new();
    for (file, text) in files {
        let path = dir.join(&file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::create_dir_all(&dir).expect("create the bindings folder");
            std::fs::write(&path, text).expect("write a binding");
            stale.push(file.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "TypeScript bindings were stale and have been regenerated in {}: {}. \
         Check them in (and run `npm run check` in ui/).",
        dir.display(),
        stale.join(", ")
    );
}
