// The message catalogue: every word the window shows, Japanese first and English beside
// it, one file per screen or area. Components read `$t('key')` from here (`../lib/i18n`
// resolves to this file); `setLocale` switches language.
import { derived, get, writable } from 'svelte/store';
import * as accounts from './accounts';
import * as admin from './admin';
import * as app from './app';
import * as commissions from './commissions';
import * as common from './common';
import * as consent from './consent';
import * as coverage from './coverage';
import * as drill from './drill';
import * as errors from './errors';
import * as ledger from './ledger';
import * as maintenance from './maintenance';
import * as map from './map';
import * as person from './person';
import * as print from './print';
import * as recipients from './recipients';
import * as roster from './roster';
import * as shelters from './shelters';
import * as supporters from './supporters';
import * as unlock from './unlock';
import * as vocabulary from './vocabulary';
import * as worklists from './worklists';

export type Locale = 'ja' | 'en';

// A new area is imported and listed here; the checks below then cover it.
const areas = [
  app,
  unlock,
  common,
  errors,
  roster,
  person,
  consent,
  supporters,
  recipients,
  print,
  ledger,
  drill,
  commissions,
  coverage,
  map,
  shelters,
  worklists,
  admin,
  accounts,
  maintenance,
  vocabulary,
] as const satisfies readonly { ja: Record<string, string>; en: Record<string, string> }[];
type Area = (typeof areas)[number];

type JapaneseKeys<A> = A extends { ja: infer J } ? keyof J : never;
/** Every key of every area, so `$t('unknown.key')` does not type-check. */
export type MessageKey = JapaneseKeys<Area>;

// Each area has English for exactly its Japanese keys (each area's `en` is typed so;
// this also catches one that is not). An offending key is named in the type error.
type Unmatched<A> = A extends { ja: infer J; en: infer E }
  ? Exclude<keyof J, keyof E> | Exclude<keyof E, keyof J>
  : never;
const bothLanguages: [Unmatched<Area>] extends [never] ? true : Unmatched<Area> = true;
void bothLanguages;

// No key is in two areas (one object literal rejected a repeated key; merging would
// silently keep the later one).
type InTwoAreas<T, Seen = never> = T extends readonly [infer Head, ...infer Rest]
  ? (JapaneseKeys<Head> & Seen) | InTwoAreas<Rest, Seen | JapaneseKeys<Head>>
  : never;
const eachKeyOnce: [InTwoAreas<typeof areas>] extends [never] ? true : InTwoAreas<typeof areas> = true;
void eachKeyOnce;

// The checks above make this merge complete for `MessageKey` in both languages.
function merged(language: Locale): Record<MessageKey, string> {
  return Object.assign({}, ...areas.map((area) => area[language]));
}

const catalogue: Record<Locale, Record<MessageKey, string>> = { ja: merged('ja'), en: merged('en') };
const STORAGE_KEY = 'yorisoi.locale';

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
}

export const locale = writable<Locale>(initialLocale());

locale.subscribe((value) => {
  document.documentElement.lang = value;
  localStorage.setItem(STORAGE_KEY, value);
});

export function setLocale(value: Locale): void {
  locale.set(value);
}

export function toggleLocale(): void {
  setLocale(get(locale) === 'ja' ? 'en' : 'ja');
}

/** `$t('roster.count', { count: 3 })` — the message in the current language. */
export const t = derived(
  locale,
  (current) =>
    (key: MessageKey, vars: Record<string, string | number> = {}): string =>
      catalogue[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in vars ? String(vars[name]) : whole,
      ),
);

/** The label of a vocabulary token (`tokenLabel("care_level", "care-3")` → 要介護3). */
export const tokenLabel = derived(t, (translate) => (vocab: string, token: string | null | undefined): string => {
  if (token == null || token === '') return '';
  const key = `tok.${vocab}.${token}`;
  return key in catalogue.ja ? translate(key as MessageKey) : token;
});
