// Ported: aligned table of "name,qty,price" rows with a total.
export function run(rows) {
  let total = 0;
  const out = rows.map((row) => {
    const [name, qty, price] = row.split(',').map((cell) => cell.trim());
    const amount = Number(qty) * Number(price);
    total += amount;
    return name.padEnd(12) + qty.padStart(5) + amount.toFixed(2).padStart(10);
  });
  out.push('-'.repeat(27));
  out.push('TOTAL'.padEnd(17) + total.toFixed(2).padStart(10));
  return out;
}
