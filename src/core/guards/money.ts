/** `$0.0301`, `$5.12`: cents for a dollar and more, four decimals (trailing zeros cut) below one. */
export function formatUsd(usd: number): string {
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  const fixed = usd.toFixed(4).replace(/0{1,2}$/, '');
  return `$${fixed}`;
}

/** `1,024,332`. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}
