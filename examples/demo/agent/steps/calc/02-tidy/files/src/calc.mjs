// Partly ported: addition, subtraction and multiplication, one line per operator.
const OPERATORS = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
};

export function run(rows) {
  return rows.map((row) => {
    const [a, op, b] = row.trim().split(/\s+/);
    const apply = OPERATORS[op];
    if (apply === undefined) return `${row.trim()} = error: unsupported operator ${op}`;
    return `${a} ${op} ${b} = ${apply(Number(a), Number(b))}`;
  });
}
