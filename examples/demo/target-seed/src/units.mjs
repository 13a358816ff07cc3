// Not ported yet.
export function run() {
  return ['units: not implemented'];
}
