// Where a failure is shown: a mistake in a field the form has goes beside that field
// (in the core's words); anything else goes above the form.
import { get } from 'svelte/store';
import { t } from './i18n';
import { asIpcError, type IpcError } from './ipc';

export interface Shown {
  /** Messages beside fields, by the field the backend named. */
  errors: Record<string, string>;
  /** What goes above the form, if the failure is not about one of its fields. */
  failure: IpcError | null;
}

/**
 * `beside`: the fields this form shows messages for; omitted, any field the backend names.
 */
export function placeFailure(e: unknown, beside?: readonly string[]): Shown {
  const error = asIpcError(e);
  if (error.code === 'invalid_input' && error.field && (!beside || beside.includes(error.field))) {
    return { errors: { [error.field]: get(t)('common.fieldError', { reason: error.message }) }, failure: null };
  }
  return { errors: {}, failure: error };
}
