// Names of places offered for choosing (a recipient's area, a list's cut).
import { associationsList } from './ipc';

/**
 * Loads the 自治会 of `district` into `set` (none for no district). Returns a cleanup for
 * `$effect`: an answer arriving after the district changed again is dropped.
 */
export function loadAssociations(district: string, set: (names: string[]) => void): () => void {
  let current = true;
  if (district === '') {
    set([]);
  } else {
    associationsList(district)
      .then((names) => current && set(names))
      .catch(() => current && set([]));
  }
  return () => {
    current = false;
  };
}
