// Dates and instants as people read them: instants in Japan time.
import type { Locale } from './i18n';

/** An RFC 3339 instant in Japan time (`2026/11/22 19:05`), or `—`. */
export function formatInstant(instant: string | null | undefined, locale: Locale): string {
  if (!instant) return '—';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

/** Today's date in Japan as `YYYY-MM-DD` (the UTC date lags nine hours behind). */
export function todayInJapan(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
}
