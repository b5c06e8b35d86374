import { isValidDate } from '@guest-graph/subgraph-kit';

/**
 * Identity documents as the front desk records them (有效身份证件类别、号码, seed 000 section 3.1.2).
 * Pure rules: no key, no database. The clear number only ever lives in memory between the desk and the vault.
 */
export const ID_DOCUMENT_TYPES = ['RESIDENT_ID', 'PASSPORT', 'HK_MACAO_PERMIT', 'TAIWAN_PERMIT', 'OTHER'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

// GB 11643-1999: weights of the first 17 digits, and the check character for (sum mod 11).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The same number however it was typed: no spaces or dashes, upper case (a trailing `x` is `X`). */
export const normaliseDocumentNumber = (number: string) => number.replace(/[\s-]/g, '').toUpperCase();

/** The check character GB 11643-1999 gives the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Why a resident ID number is not acceptable, or null when it is: 18 characters, 17 digits, a real birth date
 * in positions 7-14, and the GB 11643-1999 check character last. The reason never repeats the number.
 */
export function residentIdProblem(number: string): string | null {
  const n = normaliseDocumentNumber(number);
  if (!/^\d{17}[\dX]$/.test(n)) return 'A resident ID number has 17 digits and a check digit or X';
  const birth = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`;
  if (!isValidDate(birth)) return 'The birth date inside the resident ID number is not a real date';
  if (residentIdCheckCharacter(n) !== n[17]) return 'The resident ID number fails its GB 11643-1999 check digit';
  return null;
}

/** Why a document number of any type is not acceptable, or null. */
export function documentNumberProblem(type: IdDocumentType, number: string): string | null {
  const n = normaliseDocumentNumber(number);
  if (type === 'RESIDENT_ID') return residentIdProblem(n);
  if (n.length < 5 || n.length > 32) return 'A document number has 5 to 32 characters';
  if (!/^[A-Z0-9]+$/.test(n)) return 'A document number has letters and digits only';
  return null;
}

/** What any screen may show: the last four characters, the rest starred (contract README). */
export function maskDocumentNumber(last4: string, length = 18): string {
  return `${'*'.repeat(Math.max(4, length - last4.length))}${last4}`;
}

/** A resident ID number from its first 17 digits (for seeding demo and benchmark profiles). */
export const completeResidentId = (first17: string) => first17 + residentIdCheckCharacter(first17);
