// Partly ported: addition, subtraction and multiplication.
export function run(rows) {
  return rows.map((row) => {
    const [a, op, b] = row.trim().split(/\s+/);
    if (op === '+') return `${a} + ${b} = ${Number(a) + Number(b)}`;
    if (op === '-') return `${a} - ${b} = ${Number(a) - Number(b)}`;
    if (op === '*') return `${a} * ${b} = ${Number(a) * Number(b)}`;
    return `${row.trim()} = error: unsupported operator ${op}`;
  });
}
