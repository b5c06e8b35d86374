/**
 * How alike two profiles are (likelyDuplicates). Shared contact points weigh most; a name alone is weak
 * (张伟 is a very common name), and differing birth dates count against.
 */
export interface DuplicateSignals {
  samePhone: boolean;
  sameEmail: boolean;
  /** pg_trgm similarity of the search names, 0..1. */
  nameSimilarity: number;
  birthDate: 'SAME' | 'DIFFERENT' | 'UNKNOWN';
  sameDocument: boolean;
}

export type DuplicateReason = 'SAME_DOCUMENT' | 'SAME_PHONE' | 'SAME_EMAIL' | 'SIMILAR_NAME' | 'SAME_BIRTH_DATE';

export function scoreDuplicate(s: DuplicateSignals): { score: number; reasons: DuplicateReason[] } {
  const reasons: DuplicateReason[] = [];
  let score = 0;
  if (s.sameDocument) {
    score += 0.6;
    reasons.push('SAME_DOCUMENT');
  }
  if (s.samePhone) {
    score += 0.35;
    reasons.push('SAME_PHONE');
  }
  if (s.sameEmail) {
    score += 0.35;
    reasons.push('SAME_EMAIL');
  }
  if (s.nameSimilarity >= 0.3) {
    score += 0.3 * s.nameSimilarity;
    reasons.push('SIMILAR_NAME');
  }
  if (s.birthDate === 'SAME') {
    score += 0.2;
    reasons.push('SAME_BIRTH_DATE');
  } else if (s.birthDate === 'DIFFERENT') score -= 0.25;
  return { score: Math.max(0, Math.min(1, Math.round(score * 100) / 100)), reasons };
}

/** Below this a candidate is noise, not a likely duplicate. */
export const DUPLICATE_THRESHOLD = 0.3;
