// The one place that talks to the backend. Every command has a typed function here;
// the request and response types are generated from the Rust side (./bindings).
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { AccountRow } from './bindings/AccountRow';
import type { ArchiveRequest } from './bindings/ArchiveRequest';
import type { AuditRow } from './bindings/AuditRow';
import type { ChainView } from './bindings/ChainView';
import type { HeadCheckView } from './bindings/HeadCheckView';
import type { ConsentInput } from './bindings/ConsentInput';
import type { ConsentRow } from './bindings/ConsentRow';
import type { CreatedView } from './bindings/CreatedView';
import type { DateReading } from './bindings/DateReading';
import type { DisasterView } from './bindings/DisasterView';
import type { DistrictCounts } from './bindings/DistrictCounts';
import type { ErrorCode } from './bindings/ErrorCode';
import type { IpcError } from './bindings/IpcError';
import type { PersonDoc } from './bindings/PersonDoc';
import type { PersonRow } from './bindings/PersonRow';
import type { Preferences } from './bindings/Preferences';
import type { RecipientInput } from './bindings/RecipientInput';
import type { RecipientRow } from './bindings/RecipientRow';
import type { RecipientUpdate } from './bindings/RecipientUpdate';
import type { RecoveryKeyView } from './bindings/RecoveryKeyView';
import type { RecoveryOpenRequest } from './bindings/RecoveryOpenRequest';
import type { RosterLocation } from './bindings/RosterLocation';
import type { RosterPageRequest } from './bindings/RosterPageRequest';
import type { RosterPageResponse } from './bindings/RosterPageResponse';
import type { SavedSheet } from './bindings/SavedSheet';
import type { SessionInfo } from './bindings/SessionInfo';
import type { StrengthView } from './bindings/StrengthView';
import type { SupporterConsentInput } from './bindings/SupporterConsentInput';
import type { SupporterConsentRow } from './bindings/SupporterConsentRow';
import type { SupporterInput } from './bindings/SupporterInput';
import type { SupporterRow } from './bindings/SupporterRow';
import type { UnlockNotesView } from './bindings/UnlockNotesView';
import type { Vocabulary } from './bindings/Vocabulary';
import type { WorkRow } from './bindings/WorkRow';
import type { Worklists } from './bindings/Worklists';
import type { WriteStateView } from './bindings/WriteStateView';
import type { CopyChase } from './bindings/CopyChase';
import type { LedgerDetail } from './bindings/LedgerDetail';
import type { LedgerRow } from './bindings/LedgerRow';
import type { PrintPreviewView } from './bindings/PrintPreviewView';
import type { PrintProgress } from './bindings/PrintProgress';
import type { PrintRequest } from './bindings/PrintRequest';
import type { PrintSummary } from './bindings/PrintSummary';
import type { UnprintableChar } from './bindings/UnprintableChar';
import type { ArrivedElsewhereView } from './bindings/ArrivedElsewhereView';
import type { DrillArrivalView } from './bindings/DrillArrivalView';
import type { DrillArriveRequest } from './bindings/DrillArriveRequest';
import type { DrillBoardView } from './bindings/DrillBoardView';
import type { DrillBoardRequest } from './bindings/DrillBoardRequest';
import type { DrillCheckRequest } from './bindings/DrillCheckRequest';
import type { DrillCheckRow } from './bindings/DrillCheckRow';
import type { DrillCurveView } from './bindings/DrillCurveView';
import type { DrillDistrictBoard } from './bindings/DrillDistrictBoard';
import type { DrillDistrictReport } from './bindings/DrillDistrictReport';
import type { DrillNewRequest } from './bindings/DrillNewRequest';
import type { DrillPersonView } from './bindings/DrillPersonView';
import type { DrillReportView } from './bindings/DrillReportView';
import type { DrillRow } from './bindings/DrillRow';
import type { DrillSheetRequest } from './bindings/DrillSheetRequest';
import type { DrillSheetRow } from './bindings/DrillSheetRow';
import type { DrillTally } from './bindings/DrillTally';
import type { DrillUnknown } from './bindings/DrillUnknown';
import type { DrillSupporterRow } from './bindings/DrillSupporterRow';
import type { DrillSupporterToCall } from './bindings/DrillSupporterToCall';
import type { DrillWarnRequest } from './bindings/DrillWarnRequest';
import type { DrillWarnTally } from './bindings/DrillWarnTally';
import type { BackupStatusView } from './bindings/BackupStatusView';
import type { BackupView } from './bindings/BackupView';
import type { CheckView } from './bindings/CheckView';
import type { DeviceNote } from './bindings/DeviceNote';
import type { RestoredView } from './bindings/RestoredView';
import type { MapAreaPeople } from './bindings/MapAreaPeople';
import type { MapAreaPerson } from './bindings/MapAreaPerson';
import type { MapAreaRequest } from './bindings/MapAreaRequest';
import type { MapHome } from './bindings/MapHome';
import type { MapLayerRow } from './bindings/MapLayerRow';
import type { MapLonLat } from './bindings/MapLonLat';
import type { MapOverview } from './bindings/MapOverview';
import type { MapPointsRequest } from './bindings/MapPointsRequest';
import type { MapPositionRequest } from './bindings/MapPositionRequest';
import type { MapPositionSet } from './bindings/MapPositionSet';
import type { ClaimsView } from './bindings/ClaimsView';
import type { CommissionFee } from './bindings/CommissionFee';
import type { CoverageCounts } from './bindings/CoverageCounts';
import type { CoverageView } from './bindings/CoverageView';
import type { CommissionNewRequest } from './bindings/CommissionNewRequest';
import type { CommissionNext } from './bindings/CommissionNext';
import type { CommissionQuery } from './bindings/CommissionQuery';
import type { CommissionRow } from './bindings/CommissionRow';
import type { CommissionStepRequest } from './bindings/CommissionStepRequest';
import type { CommissionStepRow } from './bindings/CommissionStepRow';
import type { FeeItemRow } from './bindings/FeeItemRow';
import type { FeeTableView } from './bindings/FeeTableView';
import type { OfficeRow } from './bindings/OfficeRow';
import type { PlanDueReason } from './bindings/PlanDueReason';
import type { PlanDueRow } from './bindings/PlanDueRow';
import type { SpecialistRow } from './bindings/SpecialistRow';
import type { ShelterRow } from './bindings/ShelterRow';
import type { ShelterArrivalsView } from './bindings/ShelterArrivalsView';
import type { ShelterWarningRow } from './bindings/ShelterWarningRow';
import type { WelfareLoadRow } from './bindings/WelfareLoadRow';
import type { WelfareMatchingView } from './bindings/WelfareMatchingView';
import type { WelfareNeedRow } from './bindings/WelfareNeedRow';
import type { WelfareSuggestion } from './bindings/WelfareSuggestion';
import { readOutline, readPoints, type MapPoints, type Outline } from './map';

export type {
  AccountRow,
  AuditRow,
  ChainView,
  HeadCheckView,
  ConsentInput,
  ConsentRow,
  CreatedView,
  DateReading,
  DisasterView,
  DistrictCounts,
  ErrorCode,
  IpcError,
  PersonDoc,
  PersonRow,
  Preferences,
  RecipientInput,
  RecipientRow,
  RecipientUpdate,
  RecoveryKeyView,
  RecoveryOpenRequest,
  RosterLocation,
  RosterPageRequest,
  RosterPageResponse,
  SavedSheet,
  SessionInfo,
  StrengthView,
  SupporterConsentInput,
  SupporterConsentRow,
  SupporterInput,
  SupporterRow,
  UnlockNotesView,
  Vocabulary,
  WorkRow,
  Worklists,
  WriteStateView,
  CopyChase,
  LedgerDetail,
  LedgerRow,
  PrintPreviewView,
  PrintProgress,
  PrintRequest,
  PrintSummary,
  UnprintableChar,
  ArrivedElsewhereView,
  DrillArrivalView,
  DrillArriveRequest,
  DrillBoardView,
  DrillBoardRequest,
  DrillCheckRequest,
  DrillCheckRow,
  DrillCurveView,
  DrillDistrictBoard,
  DrillDistrictReport,
  DrillNewRequest,
  DrillPersonView,
  DrillReportView,
  DrillRow,
  DrillSheetRequest,
  DrillSheetRow,
  DrillTally,
  DrillUnknown,
  DrillSupporterRow,
  DrillSupporterToCall,
  DrillWarnRequest,
  DrillWarnTally,
  BackupStatusView,
  BackupView,
  CheckView,
  DeviceNote,
  RestoredView,
  MapAreaPeople,
  MapAreaPerson,
  MapHome,
  MapLayerRow,
  MapLonLat,
  MapOverview,
  MapPositionSet,
  ClaimsView,
  CommissionFee,
  CommissionNewRequest,
  CommissionNext,
  CommissionQuery,
  CommissionRow,
  CommissionStepRequest,
  CommissionStepRow,
  CoverageCounts,
  CoverageView,
  FeeItemRow,
  FeeTableView,
  OfficeRow,
  PlanDueReason,
  PlanDueRow,
  SpecialistRow,
  ShelterRow,
  ShelterArrivalsView,
  ShelterWarningRow,
  WelfareLoadRow,
  WelfareMatchingView,
  WelfareNeedRow,
  WelfareSuggestion,
};

// Spelled out as a record so that a code added on the Rust side fails `npm run check`
// until it is listed here (and given a message in i18n.ts).
const KNOWN_CODES: Record<ErrorCode, true> = {
  wrong_passphrase: true,
  unlock_delayed: true,
  key_file: true,
  no_key_file: true,
  not_found: true,
  already_exists: true,
  invalid_input: true,
  forbidden: true,
  newer_schema: true,
  integrity: true,
  damaged: true,
  cannot_write: true,
  cancelled: true,
  locked: true,
  internal: true,
  unprintable: true,
};

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(KNOWN_CODES, code);
}

/** Whatever a call rejected with, as `{ code, message, field }`. */
export function asIpcError(error: unknown): IpcError {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code, message, field, unprintable, damaged_pages } = error as {
      code: unknown;
      message?: unknown;
      field?: unknown;
      unprintable?: unknown;
      damaged_pages?: unknown;
    };
    if (isErrorCode(code)) {
      return {
        code,
        message: String(message ?? ''),
        field: typeof field === 'string' ? field : null,
        unprintable: Array.isArray(unprintable) ? (unprintable as UnprintableChar[]) : [],
        damaged_pages: Array.isArray(damaged_pages)
          ? damaged_pages.filter((p): p is number => typeof p === 'number')
          : [],
      };
    }
  }
  return { code: 'internal', message: String(error), field: null, unprintable: [], damaged_pages: [] };
}

/** Sent on `window` when a command was refused because the roster cannot be written now. */
export const WRITE_BLOCKED_EVENT = 'yorisoi-write-blocked';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    const e = asIpcError(error);
    // The banner learns at once that the roster cannot be written (it also asks by itself).
    if (e.code === 'cannot_write') window.dispatchEvent(new CustomEvent(WRITE_BLOCKED_EVENT));
    throw e;
  }
}

// The roster and the session
export const rosterLocation = (): Promise<RosterLocation> => call('roster_location');
export const rosterLocationSet = (path: string): Promise<RosterLocation> =>
  call('roster_location_set', { request: { path } });
// A passphrase crosses only inside the one request that uses it; the page keeps none.
export const rosterOpen = (account: string, passphrase: string): Promise<UnlockNotesView> =>
  call('roster_open', { request: { account, passphrase } });
/** Creates the roster with `account` as its first admin; its recovery key comes back once. */
export const rosterCreate = (account: string, passphrase: string): Promise<CreatedView> =>
  call('roster_create', { request: { account, passphrase } });
/** 「回復キーで開く」: opens and at once sets the admin's new passphrase. */
export const rosterOpenRecovery = (request: RecoveryOpenRequest): Promise<UnlockNotesView> =>
  call('roster_open_recovery', { request });
/** The core's strength rule on a passphrase being typed (for `account`). */
export const passphraseCheck = (passphrase: string, account: string): Promise<StrengthView> =>
  call('passphrase_check', { request: { passphrase, account } });
export const rosterLock = (): Promise<void> => call('roster_lock');
export const personsPage = (request: RosterPageRequest): Promise<RosterPageResponse> =>
  call('persons_page', { request });
export const districtsList = (): Promise<string[]> => call('districts_list');
export const associationsList = (district: string): Promise<string[]> =>
  call('associations_list', { request: { district } });
export const sessionInfo = (): Promise<SessionInfo> => call('session_info');
export const sessionTouch = (): Promise<void> => call('session_touch');
export const preferencesGet = (): Promise<Preferences> => call('preferences_get');
export const preferencesSet = (request: Preferences): Promise<Preferences> =>
  call('preferences_set', { request });
/** Called when the backend locks the roster by itself (idle). */
export const onLocked = (handler: () => void): Promise<UnlistenFn> =>
  listen('locked', () => handler());

// Officer accounts (admins only; the backend refuses everyone else) and the recovery key
export const accountsList = (): Promise<AccountRow[]> => call('accounts_list');
export const accountAdd = (name: string, role: string, passphrase: string): Promise<AccountRow> =>
  call('account_add', { request: { name, role, passphrase } });
export const accountRole = (name: string, role: string): Promise<AccountRow> =>
  call('account_role', { request: { name, role } });
export const accountRemove = (name: string): Promise<void> =>
  call('account_remove', { request: { name } });
/** The signed-in account's own new passphrase (any role). */
export const accountPassphrase = (passphrase: string): Promise<void> =>
  call('account_passphrase', { request: { passphrase } });
/** A new recovery key, retiring the old one; shown once. */
export const recoveryNew = (): Promise<RecoveryKeyView> => call('recovery_new');
/** Saves the 回復キー sheet of the key just shown through the backend's save dialog (`null`: cancelled). */
export const recoverySheetSave = (): Promise<SavedSheet | null> => call('recovery_sheet_save');
/** The key was written down or printed: the backend forgets it. */
export const recoveryDone = (): Promise<void> => call('recovery_done');

// One person
export const personGet = (id: number): Promise<PersonDoc> => call('person_get', { request: { id } });
export const personSave = (id: number | null, person: PersonDoc): Promise<PersonDoc> =>
  call('person_save', { request: { id, person } });
export const personArchive = (request: ArchiveRequest): Promise<void> =>
  call('person_archive', { request });
export const personRestore = (id: number): Promise<void> =>
  call('person_restore', { request: { id } });
export const personAudit = (id: number): Promise<AuditRow[]> =>
  call('person_audit', { request: { id } });
export const dateRead = (text: string): Promise<DateReading> =>
  call('date_read', { request: { text } });
export const vocabulary = (): Promise<Vocabulary> => call('vocabulary');

// Supporters, recipients, consent
export const supportersList = (): Promise<SupporterRow[]> => call('supporters_list');
export const supporterAdd = (request: SupporterInput): Promise<number> =>
  call('supporter_add', { request });
export const supporterAssign = (personId: number, supporterId: number, role: string): Promise<number> =>
  call('supporter_assign', { request: { person_id: personId, supporter_id: supporterId, role } });
export const supporterUnassign = (personId: number, supporterId: number): Promise<void> =>
  call('supporter_unassign', { request: { person_id: personId, supporter_id: supporterId } });
export const supportersReorder = (personId: number, order: number[]): Promise<void> =>
  call('supporters_reorder', { request: { person_id: personId, order } });
export const supporterConsentHistory = (id: number): Promise<SupporterConsentRow[]> =>
  call('supporter_consent_history', { request: { id } });
export const supporterConsentRecord = (request: SupporterConsentInput): Promise<number> =>
  call('supporter_consent_record', { request });
export const recipientsList = (): Promise<RecipientRow[]> => call('recipients_list');
export const recipientAdd = (request: RecipientInput): Promise<number> =>
  call('recipient_add', { request });
export const recipientUpdate = (request: RecipientUpdate): Promise<void> =>
  call('recipient_update', { request });
export const recipientRetire = (id: number): Promise<void> => call('recipient_retire', { request: { id } });
export const consentHistory = (id: number): Promise<ConsentRow[]> =>
  call('consent_history', { request: { id } });
export const consentRecord = (request: ConsentInput): Promise<number> =>
  call('consent_record', { request });

// Disaster mode, worklists, audit
export const disasterStatus = (): Promise<DisasterView> => call('disaster_status');
/** Whether the roster can be written now (and held audit rows are written when it can). */
export const writeState = (): Promise<WriteStateView> => call('write_state');
export const disasterOn = (reason: string, hours: number | null): Promise<DisasterView> =>
  call('disaster_on', { request: { reason, hours } });
export const disasterOff = (): Promise<DisasterView> => call('disaster_off');
export const worklists = (): Promise<Worklists> => call('worklists');
export const dashboard = (): Promise<DistrictCounts[]> => call('dashboard');
export const auditList = (action: string, personId: number | null, limit: number): Promise<AuditRow[]> =>
  call('audit_list', { request: { action, person_id: personId, limit } });
export const auditVerify = (): Promise<ChainView> => call('audit_verify');
export const auditVerifyHead = (head: string): Promise<HeadCheckView> =>
  call('audit_verify_head', { request: { head } });

// Backups, the integrity check, restoring. Folders and files are chosen with the native
// dialog in the backend (`null`: cancelled); the page never sends a path.
export const backupNow = (): Promise<BackupView | null> => call('backup_now');
export const rosterCheck = (): Promise<CheckView> => call('roster_check');
export const backupStatus = (): Promise<BackupStatusView> => call('backup_status');
export const autoBackupSet = (enabled: boolean, keep: number): Promise<BackupStatusView> =>
  call('auto_backup_set', { request: { enabled, keep } });
export const autoBackupFolder = (): Promise<BackupStatusView | null> => call('auto_backup_folder');
export const backupRestore = (passphrase: string): Promise<RestoredView | null> =>
  call('backup_restore', { request: { passphrase } });
/** Locks the open roster and points the app at the one just restored. */
export const restoredOpen = (): Promise<RosterLocation> => call('restored_open');

// Printing and the copy ledger. The page never names a file: `printSave` opens the
// system save dialog in the backend and resolves `null` when the officer cancels it.
export const printPreview = (request: PrintRequest): Promise<PrintPreviewView> =>
  call('print_preview', { request });
export const printSave = (request: PrintRequest): Promise<PrintSummary | null> =>
  call('print_save', { request });
/** 中止: asks the print being made to stop before it records or saves anything. */
export const printStop = (): Promise<void> => call('print_stop');
/** 「印刷」: the backend opens a file this window saved (by its handle) in the PC's PDF viewer. */
export const printOpen = (savedFile: number): Promise<void> =>
  call('print_open', { request: { saved_file: savedFile } });
/** Progress of a list or a batch of plan sheets while `printSave` runs. */
export const onPrintProgress = (handler: (p: PrintProgress) => void): Promise<UnlistenFn> =>
  listen<PrintProgress>('print-progress', (event) => handler(event.payload));
export const ledgerList = (status: string | null): Promise<LedgerRow[]> =>
  call('ledger_list', { request: { status } });
export const ledgerDetail = (serial: string): Promise<LedgerDetail> =>
  call('ledger_detail', { request: { serial } });
export const ledgerSetStatus = (serial: string, status: string, note: string): Promise<LedgerRow> =>
  call('ledger_set_status', { request: { serial, status, note } });

// Safety-check drills. Sheets and reports are saved through the backend's dialog, like
// every print (`null` when cancelled).
export const drillsList = (): Promise<DrillRow[]> => call('drills_list');
export const drillNew = (request: DrillNewRequest): Promise<DrillRow> => call('drill_new', { request });
export const drillSheets = (id: number): Promise<DrillSheetRow[]> => call('drill_sheets', { request: { id } });
export const drillSheetSave = (request: DrillSheetRequest): Promise<PrintSummary | null> =>
  call('drill_sheet_save', { request });
export const drillPerson = (drillId: number, personId: number): Promise<DrillPersonView> =>
  call('drill_person', { request: { drill_id: drillId, person_id: personId } });
export const drillCheck = (request: DrillCheckRequest): Promise<DrillPersonView> =>
  call('drill_check', { request });
// An arrival at a shelter of the registry: the barcode a scanner typed, or the person's
// number (exactly one). It is their result `safe`; `planned` says whether their plan
// names that shelter.
export const drillArrive = (request: DrillArriveRequest): Promise<DrillArrivalView> =>
  call('drill_arrive', { request });
export const drillSupporters = (id: number): Promise<DrillSupporterRow[]> =>
  call('drill_supporters', { request: { id } });
export const drillWarn = (request: DrillWarnRequest): Promise<DrillSupporterRow> => call('drill_warn', { request });
// The board with the first `limit` of each district's lists (still unknown, not yet
// warned), or more for the districts in `longer`: a city-wide drill starts with everyone
// unknown, and the totals say how long each list is.
export const drillBoard = (request: DrillBoardRequest): Promise<DrillBoardView> => call('drill_board', { request });
export const drillReport = (id: number): Promise<DrillReportView> => call('drill_report', { request: { id } });
export const drillLessons = (id: number, lessons: string): Promise<DrillRow> =>
  call('drill_lessons', { request: { id, lessons } });
export const drillReportSave = (id: number): Promise<PrintSummary | null> =>
  call('drill_report_save', { request: { id } });

// The map. Everyone placed and a layer's outlines come as bytes (an ArrayBuffer, read into
// typed arrays by ./map): 500,000 people are 6.5 MB that way, instead of some 25 MB of JSON.
export const mapOverview = (): Promise<MapOverview> => call('map_overview');
export const mapPoints = async (drillId: number | null): Promise<MapPoints> => {
  const request: MapPointsRequest = { drill_id: drillId };
  return readPoints(await call<ArrayBuffer>('map_points', { request }));
};
export const mapLayerOutline = async (id: number): Promise<Outline> =>
  readOutline(await call<ArrayBuffer>('map_layer_outline', { request: { id } }));
export const mapHome = (id: number): Promise<MapHome> => call('map_home', { request: { id } });
/** Everyone inside an area drawn on the map (its corners), and apart those not placed. */
export const mapAreaPeople = (corners: MapLonLat[], districts: string[]): Promise<MapAreaPeople> => {
  const request: MapAreaRequest = { corners, districts };
  return call('map_area_people', { request });
};
/** Sets a person's position by hand (officers; the page asks first). */
export const mapPositionSet = (personId: number, at: MapLonLat): Promise<MapPositionSet> => {
  const request: MapPositionRequest = { person_id: personId, at };
  return call('map_position_set', { request });
};

// Plans commissioned to care offices (委託), the plans due for review (要見直し) and the
// month's claim list. The core says which steps may follow and refuses what a role may not
// do; the claim list is saved through the backend's dialog like every print (`null` when
// cancelled).
export const officesList = (): Promise<OfficeRow[]> => call('offices_list');
export const commissionsList = (request: CommissionQuery): Promise<CommissionRow[]> =>
  call('commissions_list', { request });
export const commissionNew = (request: CommissionNewRequest): Promise<CommissionRow> =>
  call('commission_new', { request });
export const commissionStep = (request: CommissionStepRequest): Promise<CommissionRow> =>
  call('commission_step', { request });
/** The fee table of the 年度 of day `on` (ISO or wareki; empty for today). */
export const feeTableGet = (on: string): Promise<FeeTableView> => call('fee_table_get', { request: { on } });
export const plansDue = (): Promise<PlanDueRow[]> => call('plans_due');
export const claimsView = (month: string, officeId: number | null): Promise<ClaimsView> =>
  call('claims_view', { request: { month, office_id: officeId } });
export const claimsSave = (month: string, officeId: number | null, format: 'pdf' | 'csv'): Promise<PrintSummary | null> =>
  call('claims_save', { request: { month, office_id: officeId, format } });

// 作成状況 (#21): the plans' figures and the five-year pace of the high-priority people,
// counted now; the one-page report is saved through the backend's dialog like every print
// (`null` when cancelled).
export const planCoverage = (): Promise<CoverageView> => call('plan_coverage');
export const coverageSave = (): Promise<PrintSummary | null> => call('coverage_save');

// 避難先 (#22): the shelter registry (gone ones too, marked), the warnings about one plan's
// shelters or every plan's (the worklist), and the 福祉避難所 matching. Readings only; the
// officer decides in the plan.
export const shelters = (): Promise<ShelterRow[]> => call('shelters');
export const shelterWarnings = (id: number): Promise<ShelterWarningRow[]> =>
  call('shelter_warnings', { request: { id } });
export const shelterCheck = (): Promise<ShelterWarningRow[]> => call('shelter_check');
export const shelterMatch = (): Promise<WelfareMatchingView> => call('shelter_match');
