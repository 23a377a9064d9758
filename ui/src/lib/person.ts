// Helpers for the person form: a blank record, field ids, and checks done before the
// record is sent (the core checks everything again and names the field it refuses).
import type { PersonDoc } from './bindings/PersonDoc';
import type { PlanDoc } from './bindings/PlanDoc';

export function blankPerson(): PersonDoc {
  return {
    id: null,
    name: '',
    furigana: '',
    sex: 'unspecified',
    date_of_birth: '',
    address: '',
    phone: '',
    district: null,
    association: null,
    block: null,
    resident_number: null,
    address_protected: false,
    contact: { mobile_phone: '', fax: '', email: '' },
    welfare_commissioner: '',
    category: 'other',
    support_reason: '',
    care_level: null,
    care_level_until: null,
    physical_disability: null,
    intellectual_disability_grade: null,
    mental_disability_grade: null,
    intractable_disease: '',
    medical_devices: [],
    communication_needs: [],
    mobility: null,
    household: null,
    household_members: [],
    emergency_contacts: [],
    house: { structure: null, storeys: null, year_built: null, usual_room: '', bedroom_location: '' },
    help_needed: '',
    items_to_carry: '',
    allergies: '',
    regular_clinic: '',
    notes: '',
    emergency_alarm: false,
    hazard_zones: { flood: false, landslide: false, tsunami: false },
    registration: { route: 'consent', date: null, source: '' },
    plan: null,
    last_verified_on: null,
    created_at: null,
    updated_at: null,
    archived: null,
    supporters: [],
  };
}

export function blankPlan(): PlanDoc {
  return {
    destinations: [],
    route: '',
    means: null,
    departure_timing: '',
    warning_contact: '',
    warning_method: null,
    if_unreachable: '',
    made_by: null,
    made_by_office: null,
    drafted_by: '',
    drafted_by_role: '',
    created_on: null,
    updated_on: null,
    verified_on: null,
  };
}

/** The element id of a document path: `emergency_contacts[0].name` → `f-emergency_contacts-0-name`. */
export function fieldId(path: string): string {
  return 'f-' + path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
}

/** Empty strings in optional fields become `null`, numbers typed as text become numbers. */
export function tidy(doc: PersonDoc): PersonDoc {
  const blankToNull = (s: string | null) => (s === null || s.trim() === '' ? null : s.trim());
  const num = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v));
  return {
    ...doc,
    district: blankToNull(doc.district),
    association: blankToNull(doc.association),
    block: blankToNull(doc.block),
    resident_number: blankToNull(doc.resident_number),
    last_verified_on: blankToNull(doc.last_verified_on),
    care_level: blankToNull(doc.care_level),
    care_level_until: blankToNull(doc.care_level_until),
    intellectual_disability_grade: blankToNull(doc.intellectual_disability_grade),
    mental_disability_grade: num(doc.mental_disability_grade),
    mobility: blankToNull(doc.mobility),
    household: blankToNull(doc.household),
    house: {
      ...doc.house,
      structure: blankToNull(doc.house.structure),
      storeys: num(doc.house.storeys),
      year_built: num(doc.house.year_built),
    },
    household_members: doc.household_members.map((m) => ({ ...m, age: num(m.age) })),
    registration: { ...doc.registration, date: blankToNull(doc.registration.date) },
    plan: doc.plan && {
      ...doc.plan,
      means: blankToNull(doc.plan.means),
      warning_method: blankToNull(doc.plan.warning_method),
      made_by: blankToNull(doc.plan.made_by),
      created_on: blankToNull(doc.plan.created_on),
      updated_on: blankToNull(doc.plan.updated_on),
      verified_on: blankToNull(doc.plan.verified_on),
    },
  };
}

/** What the form can tell before sending: a message key (and values) per field path. */
export type Problem = { key: ProblemKey; vars?: Record<string, number> };
export type ProblemKey =
  | 'common.required'
  | 'common.number'
  | 'check.range'
  | 'check.kana'
  | 'check.phone'
  | 'check.email'
  | 'check.needsDistrict'
  | 'check.needsAssociation';

const KANA = /^[\u3041-\u3096\u30A1-\u30FAー゛゜ゝゞヽヾ・\s\u3099\u309A]*$/u;
const PHONE = /^\+?[0-9\-() ]*$/;

/** Checks the form in the words of the window (the core checks everything again). */
export function problems(doc: PersonDoc): Record<string, Problem> {
  const found: Record<string, Problem> = {};
  const required = (path: string, value: string | null | undefined) => {
    if ((value ?? '').trim() === '') found[path] = { key: 'common.required' };
  };
  const range = (path: string, value: unknown, min: number, max: number) => {
    if (value === null || value === undefined || value === '') return;
    const n = Number(value);
    if (!Number.isInteger(n)) found[path] = { key: 'common.number' };
    else if (n < min || n > max) found[path] = { key: 'check.range', vars: { min, max } };
  };
  const phone = (path: string, value: string) => {
    if (!PHONE.test(value.normalize('NFKC').trim())) found[path] = { key: 'check.phone' };
  };
  required('name', doc.name);
  required('date_of_birth', doc.date_of_birth);
  required('address', doc.address);
  if (!KANA.test(doc.furigana.normalize('NFKC'))) found.furigana = { key: 'check.kana' };
  phone('phone', doc.phone);
  phone('contact.mobile_phone', doc.contact.mobile_phone);
  phone('contact.fax', doc.contact.fax);
  const email = doc.contact.email.trim();
  if (email !== '' && !/^[^@\s]+@[^@\s]+$/.test(email)) found['contact.email'] = { key: 'check.email' };
  if ((doc.association ?? '').trim() !== '' && (doc.district ?? '').trim() === '') {
    found.association = { key: 'check.needsDistrict' };
  }
  if ((doc.block ?? '').trim() !== '' && (doc.association ?? '').trim() === '') {
    found.block = { key: 'check.needsAssociation' };
  }
  range('house.storeys', doc.house.storeys, 1, 99);
  range('house.year_built', doc.house.year_built, 1800, new Date().getFullYear());
  doc.household_members.forEach((m, i) => {
    required(`household_members[${i}].name`, m.name);
    range(`household_members[${i}].age`, m.age, 0, 130);
  });
  doc.emergency_contacts.forEach((c, i) => {
    required(`emergency_contacts[${i}].name`, c.name);
    phone(`emergency_contacts[${i}].phone`, c.phone);
  });
  // A shelter of the registry brings its own name.
  doc.plan?.destinations.forEach((d, i) => {
    if (d.shelter_id === null) required(`plan.destinations[${i}].name`, d.name);
  });
  return found;
}

/** Addresses compared loosely (spaces and width ignored) to spot a shared home. */
export function sameAddress(a: string, b: string): boolean {
  const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return key(a) !== '' && key(a) === key(b);
}
