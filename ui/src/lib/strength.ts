// The passphrase strength rule is the core's (`yorisoi::policy::passphrase::check`): the
// page asks it through `passphrase_check` as the officer types, so the hint and the
// refusal on saving always agree. Nothing here judges a passphrase.
import type { Locale } from './i18n';

/** Ask a moment after the last keystroke, not on every one. */
export const STRENGTH_DELAY_MS = 250;

/**
 * The core's reason in the window's language. Its strength reasons are written in
 * Japanese with the English after each sentence in ASCII brackets
 * (`短すぎます（3文字）。… (too short: …)`): Japanese keeps the Japanese (full-width
 * brackets are part of it), English keeps the bracketed parts. A reason without English
 * is shown whole.
 */
export function reasonIn(reason: string, locale: Locale): string {
  const english = [...reason.matchAll(/ ?\(([^()]*)\)/g)].map((m) => m[1].trim());
  if (english.length === 0) return reason;
  if (locale === 'ja') return reason.replace(/ ?\([^()]*\)/g, '').trim();
  const text = english.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
