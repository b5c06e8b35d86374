/**
 * Money in code is integer cents in a bigint (or a decimal string at the edges): never a float, so
 * 0.1 + 0.2 is 0.30 and a ledger always balances.
 */
export function toCents(amount: string): bigint {
  const neg = amount.trim().startsWith('-');
  const [whole, frac = ''] = amount.trim().replace(/^-/, '').split('.');
  if (!/^\d+$/.test(whole ?? '') || !/^\d{0,2}$/.test(frac)) throw new Error(`Not a money amount: ${amount}`);
  const cents = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0') || '0');
  return neg ? -cents : cents;
}
export function fromCents(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  const s = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}
export const addMoney = (...amounts: string[]) => fromCents(amounts.reduce((t, a) => t + toCents(a), 0n));
export const multiplyMoney = (amount: string, times: number) => fromCents(toCents(amount) * BigInt(times));
export const compareMoney = (a: string, b: string) => {
  const d = toCents(a) - toCents(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
