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
