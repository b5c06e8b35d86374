import type { Role } from '@guest-graph/auth';
import { CONTACT_READERS, ID_DOCUMENT_READERS } from './access.js';
import { phoneDigits, pinyinOf, searchText } from './guest-profile.js';
import { normaliseDocumentNumber } from './id-document.js';
import { withoutControlCharacters } from './text.js';

/**
 * What the desk typed, read every way it might be meant: a name (typo-tolerant), phone digits (any
 * formatting), an email, an identity document number (exact). One box, ranked results (及时显示).
 */
export interface SearchPlan {
  name: string | null;
  /**
   * How the name is looked for, tightest first; the next pass runs only when the ones before it did not fill
   * the page. Chinese characters as typed are nearly unique, their pinyin is shared by every homophone, and a
   * looser threshold (pg_trgm word similarity) is what finds a name with a letter dropped or two swapped. A
   * pass with `orSimilarity` also takes names alike as whole strings (two slips in a short name); it is the last
   * resort, run only when the passes before it found nobody.
   */
  namePasses: { text: string; threshold: number; orSimilarity?: number }[];
  phone: string | null;
  email: string | null;
  documentNumber: string | null;
  limit: number;
}

export const MAX_RESULTS = 50;
const HAN = /\p{Script=Han}/u;

export function planSearch(raw: string, first?: number | null): SearchPlan {
  // Control characters mean nothing in a search; a search box holds a name or a number, not a page.
  const text = withoutControlCharacters(raw.slice(0, 200)).trim();
  const limit = Math.min(MAX_RESULTS, Math.max(1, first ?? 10));
  const looksLikePhone = /^\+?[\d\s()\-.]+$/.test(text);
  const digits = looksLikePhone ? phoneDigits(text) : '';
  const doc = normaliseDocumentNumber(text);
  // Chinese text is also searched by its pinyin: a homophone typed in haste (晓 for 小) still finds the guest.
  const typed = searchText(text);
  const joined = [typed, pinyinOf(text)].filter(Boolean).join(' ');
  // A one-letter name search matches half the hotel: not useful, not cheap (a Chinese surname alone is fine:
  // it carries its pinyin, and the desk often knows no more). Names
  // have no digits; text with digits is a number, and a document number must not travel as a name.
  const name = !/\d/.test(text) && !text.includes('@') && [...joined].length >= 2 ? joined : null;
  const namePasses = !name
    ? []
    : [
        ...(typed !== name && HAN.test(typed) ? [{ text: typed, threshold: 0.6 }] : []),
        { text: name, threshold: 0.6 },
        { text: name, threshold: 0.45 },
        { text: name, threshold: 0.45, orSimilarity: 0.3 },
      ];
  return {
    name,
    namePasses,
    // E.164 numbers have at most 15 digits; an 18-digit resident ID is not searched as a phone.
    phone: digits.length >= 4 && digits.length <= 15 ? digits : null,
    email: text.includes('@') ? text.toLowerCase() : null,
    documentNumber: /^[A-Z0-9]{5,32}$/.test(doc) && /\d/.test(doc) ? doc : null,
    limit,
  };
}

/** What a search by an identifier looked for: audited and counted against the caller's quota. */
export type IdentifierKind = 'DOCUMENT' | 'PHONE' | 'EMAIL';

/**
 * The plan as the caller's roles allow it: a search is a way to read a field, so phone digits and emails are
 * matched only for those who may read `Guest.phone`, document numbers only for those who may see the ID
 * document. For anyone else such text matches nothing (contract README, "Guests, further rules"): one digit at a
 * time would otherwise confirm a phone number or a full document number its reader may not see.
 */
export function searchableBy(plan: SearchPlan, roles: readonly Role[]): SearchPlan {
  const may = (allowed: Role[]) => roles.some((r) => allowed.includes(r));
  return {
    ...plan,
    phone: may(CONTACT_READERS) ? plan.phone : null,
    email: may(CONTACT_READERS) ? plan.email : null,
    documentNumber: may(ID_DOCUMENT_READERS) ? plan.documentNumber : null,
  };
}

/** The identifiers a plan searches by, a document number first (it is the one audited as a reveal). */
export function identifiersSearched(plan: SearchPlan): IdentifierKind[] {
  return [
    ...(plan.documentNumber ? (['DOCUMENT'] as const) : []),
    ...(plan.phone ? (['PHONE'] as const) : []),
    ...(plan.email ? (['EMAIL'] as const) : []),
  ];
}
