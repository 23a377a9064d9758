// The one place that talks to the backend. Every command has a typed function here;
// the request and response types are generated from the Rust side (./bindings).
import { invoke } from '@tauri-apps/api/core';
import type { ErrorCode } from './bindings/ErrorCode';
import type { IpcError } from './bindings/IpcError';
import type { PersonRow } from './bindings/PersonRow';
import type { RosterLocation } from './bindings/RosterLocation';
import type { SearchRequest } from './bindings/SearchRequest';
import type { SearchResponse } from './bindings/SearchResponse';
import type { UnlockRequest } from './bindings/UnlockRequest';

export type { ErrorCode, IpcError, PersonRow, RosterLocation, SearchResponse };

// Spelled out as a record so that a code added on the Rust side fails `npm run check`
// until it is listed here (and given a message in i18n.ts).
const KNOWN_CODES: Record<ErrorCode, true> = {
  wrong_passphrase: true,
  not_found: true,
  already_exists: true,
  invalid_input: true,
  newer_schema: true,
  integrity: true,
  locked: true,
  internal: true,
};

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(KNOWN_CODES, code);
}

/** Whatever a call rejected with, as `{ code, message }`. */
export function asIpcError(error: unknown): IpcError {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code, message } = error as { code: unknown; message?: unknown };
    if (isErrorCode(code)) return { code, message: String(message ?? '') };
  }
  return { code: 'internal', message: String(error) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asIpcError(error);
  }
}

export function rosterLocation(): Promise<RosterLocation> {
  return call('roster_location');
}

export function rosterOpen(passphrase: string): Promise<void> {
  const request: UnlockRequest = { passphrase };
  return call('roster_open', { request });
}

export function rosterCreate(passphrase: string): Promise<void> {
  const request: UnlockRequest = { passphrase };
  return call('roster_create', { request });
}

export function rosterLock(): Promise<void> {
  return call('roster_lock');
}

export function personsSearch(query: string): Promise<SearchResponse> {
  const request: SearchRequest = { query };
  return call('persons_search', { request });
}
