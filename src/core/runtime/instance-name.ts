/**
 * A workspace's name (autoswe.yaml `name:`, default its folder's name): the instance of the systemd template
 * units (`autoswe@<name>.service`) and its registry link's file name (docs/RUNTIME.md section 18).
 *
 * Only characters systemd keeps as they are in a unit name, so `systemd-escape` would change nothing and
 * the units use `%i` (the name as written) safely. A leading letter or digit keeps the registry link a
 * visible file (no `.`, `..`, `-x`); 64 characters keep `autoswe-meta-judge@<name>.service` far below
 * systemd's 255 and the fleet table readable.
 */
const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const INSTANCE_NAME_RULE =
  "1 to 64 letters (a-z, A-Z), digits, '.', '_' or '-', starting with a letter or digit";

export function isInstanceName(name: string): boolean {
  return INSTANCE_NAME.test(name);
}
