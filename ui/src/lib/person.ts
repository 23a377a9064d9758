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
      created_on: blankToNull(doc.plan.created_on),
      updated_on: blankToNull(doc.plan.updated_on),
      verified_on: blankToNull(doc.plan.verified_on),
    },
  };
}

/** Fields that must be filled, and numbers that must be numbers: path → problem. */
export function missing(doc: PersonDoc): Record<string, 'required' | 'number'> {
  const problems: Record<string, 'required' | 'number'> = {};
  for (const [path, value] of [
    ['name', doc.name],
    ['date_of_birth', doc.date_of_birth],
    ['address', doc.address],
  ] as const) {
    if (value.trim() === '') problems[path] = 'required';
  }
  const numbers: [string, unknown][] = [
    ['house.storeys', doc.house.storeys],
    ['house.year_built', doc.house.year_built],
    ['mental_disability_grade', doc.mental_disability_grade],
    ...doc.household_members.map((m, i): [string, unknown] => [`household_members[${i}].age`, m.age]),
  ];
  for (const [path, value] of numbers) {
    if (value !== null && value !== '' && !Number.isInteger(Number(value))) problems[path] = 'number';
  }
  doc.emergency_contacts.forEach((c, i) => {
    if (c.name.trim() === '') problems[`emergency_contacts[${i}].name`] = 'required';
  });
  doc.household_members.forEach((m, i) => {
    if (m.name.trim() === '') problems[`household_members[${i}].name`] = 'required';
  });
  doc.plan?.destinations.forEach((d, i) => {
    if (d.name.trim() === '') problems[`plan.destinations[${i}].name`] = 'required';
  });
  return problems;
}

/** Addresses compared loosely (spaces and width ignored) to spot a shared home. */
export function sameAddress(a: string, b: string): boolean {
  const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return key(a) !== '' && key(a) === key(b);
}
