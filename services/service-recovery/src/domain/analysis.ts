/** Figures for the complaint analysis (投诉分析与改进, seed 004 step 8). */
export function mean(values: number[]): number | null {
  if (!values.length) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Nearest-rank percentile: the value at or below which p% of the sample falls. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/** Share met, in percent with one decimal; null when nothing was measured. */
export function compliance(met: number, total: number): number | null {
  return total ? Math.round((met / total) * 1000) / 10 : null;
}

export const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Complaints per 100 checked-out stays (BI's complaint rate), to two decimals; null with no stays. */
export const casesPer100Stays = (cases: number, stays: number): number | null =>
  stays > 0 ? Math.round((cases * 10_000) / stays) / 100 : null;
