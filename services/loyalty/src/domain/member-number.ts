/**
 * Member numbers carry a Luhn check digit so the desk catches a mistyped number (one wrong digit, or two
 * neighbours swapped) before it looks anybody up.
 */
export function luhnDigit(body: string): number {
  let sum = 0;
  // Doubling starts from the rightmost digit of the body, since the check digit will sit to its right.
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The printed number for a sequence value: eight digits, then the check digit. */
export function memberNumberFor(sequence: number | bigint): string {
  const body = String(sequence).padStart(8, '0');
  if (!/^\d{8}$/.test(body)) throw new Error(`Member number sequence out of range: ${sequence}`);
  return `${body}${luhnDigit(body)}`;
}

/** Accepts spaces and dashes as the desk may type them; returns the bare digits or null when invalid. */
export function normaliseMemberNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{9}$/.test(digits)) return null;
  return luhnDigit(digits.slice(0, -1)) === Number(digits.at(-1)) ? digits : null;
}
