// Drill statuses in the order of the check sheet and the number keys of the entry screen
// (1 無事, 2 要支援, 3 不在, 4 未確認), and how a tally reads.
import type { DrillTally } from './bindings/DrillTally';

export const CHECK_STATUSES = ['safe', 'needs-help', 'not-home', 'unreached'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export function count(tally: DrillTally, status: CheckStatus): number {
  switch (status) {
    case 'safe':
      return tally.safe;
    case 'needs-help':
      return tally.needs_help;
    case 'not-home':
      return tally.not_home;
    case 'unreached':
      return tally.not_reached;
  }
}

export const percent = (tally: DrillTally): string => `${tally.confirmed_pct.toFixed(1)}%`;
