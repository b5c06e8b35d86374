/**
 * Points expire after a stretch without activity (issue 4: 24 months by default). Any entry but an expiry
 * counts as activity, so a member who earns, redeems or is compensated keeps the whole balance alive.
 */
export const DEFAULT_EXPIRY_MONTHS = 24;

export function addMonths(instant: Date, months: number): Date {
  const d = new Date(instant.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 March + 1 month is 30 April, not 1 May.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export const expiresAt = (lastActivityAt: Date, months = DEFAULT_EXPIRY_MONTHS) => addMonths(lastActivityAt, months);

/** The newest activity that has already expired as of `asOf`: older activity than this means expiry. */
export const expiryCutoff = (asOf: Date, months = DEFAULT_EXPIRY_MONTHS) => addMonths(asOf, -months);
