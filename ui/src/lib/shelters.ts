// The shelters' words as the page shows them (the plan editor and the 避難先 screen): what
// a shelter is designated as, a warning in the page's language, a distance.
import { derived } from 'svelte/store';
import { locale, t, tokenLabel, type MessageKey } from './i18n';
import type { ShelterRow } from './bindings/ShelterRow';
import type { ShelterWarningRow } from './bindings/ShelterWarningRow';

/** 指定緊急避難場所, 指定避難所, 指定福祉避難所 … — what a shelter is designated as. */
export const shelterKinds = derived([t, tokenLabel], ([translate, label]) => (s: ShelterRow): string[] => [
  ...(s.emergency_site ? [translate('shelters.kind.emergency')] : []),
  ...(s.evacuation_centre ? [translate('shelters.kind.centre')] : []),
  ...(s.welfare ? [label('welfare_kind', s.welfare)] : []),
]);

const WARNINGS: Record<string, MessageKey> = {
  'not-designated': 'shelters.warn.not-designated',
  'in-hazard-zone': 'shelters.warn.in-hazard-zone',
  'agreement-direct': 'shelters.warn.agreement-direct',
  'not-accepted': 'shelters.warn.not-accepted',
  gone: 'shelters.warn.gone',
};

/** A warning: the core's own words in Japanese (they name the zone, the groups, the day),
 *  else its code in the page's language. */
export const warningText = derived([locale, t, tokenLabel], ([current, translate, label]) => (w: ShelterWarningRow): string => {
  const key = WARNINGS[w.code];
  if (current === 'ja' || key === undefined) return w.label;
  return translate(key, { hazard: label('shelter_hazard_short', w.hazard) });
});

/** `850 m`, `1.2 km`, or that it is not known (a home or a shelter not placed). */
export const distanceText = derived(t, (translate) => (metres: number | null): string => {
  if (metres === null) return translate('shelters.distanceUnknown');
  if (metres < 1000) return translate('shelters.metres', { n: metres });
  return translate('shelters.km', { n: (metres / 1000).toFixed(1) });
});
