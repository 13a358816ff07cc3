// Ported: conversions between km, mi, m and ft, three decimals.
const METRES = { km: 1000, mi: 1609.344, m: 1, ft: 0.3048 };

export function run(rows) {
  return rows.map((row) => {
    const [n, from, , to] = row.trim().split(/\s+/);
    if (!(from in METRES)) return `error: unknown unit ${from}`;
    if (!(to in METRES)) return `error: unknown unit ${to}`;
    return `${n} ${from} = ${((Number(n) * METRES[from]) / METRES[to]).toFixed(3)} ${to}`;
  });
}
