// A rough hint, not a policy: longer is better, mixing kinds of characters helps a little.
export type Strength = 0 | 1 | 2 | 3;

export function passphraseStrength(passphrase: string): Strength {
  const length = [...passphrase].length;
  if (length < 8) return 0;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(passphrase))
    .length;
  if (length >= 16 || (length >= 12 && kinds >= 3)) return 3;
  if (length >= 12 || kinds >= 3) return 2;
  return 1;
}
