import { pinyin } from 'pinyin-pro';
import { z } from 'zod';
import { documentNumberProblem, ID_DOCUMENT_TYPES, normaliseDocumentNumber } from './id-document.js';
import { multiLine, singleLine } from './text.js';

/**
 * The profile fields of an individual guest (散客档案, seed 000 section 3.1.2) and the rules that keep them
 * clean. Validation names the input path of the first fault, so the desk can highlight the right box.
 */
export const GENDERS = ['FEMALE', 'MALE', 'UNDISCLOSED'] as const;
export const SEGMENTS = ['BUSINESS', 'LEISURE', 'CONFERENCE', 'LONG_STAY', 'OTHER'] as const;
export const MARKETING_CHANNELS = ['EMAIL', 'SMS', 'PHONE', 'POST'] as const;
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number];
export const RESTRICTION_TYPES = ['BLOCKLISTED', 'CREDIT_WATCH', 'NO_MARKETING', 'OTHER'] as const;

/** Digits of a phone number however it was written; the mainland country code is dropped from mobiles. */
export function phoneDigits(raw: string): string {
  let d = raw.replace(/\D/g, '');
  if (d.startsWith('00')) d = d.slice(2);
  if (d.length === 13 && d.startsWith('861')) d = d.slice(2);
  return d;
}

/** Lower-cased, accents removed, whitespace collapsed: what trigram search compares. Han characters stay. */
export function searchText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@.+' -]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The one column searched for names: the Chinese name and its Latin/pinyin spelling together. */
const HAN = /\p{Script=Han}/u;

/**
 * The pinyin of the Chinese characters in a name (王小明 → "wang xiao ming wangxiaoming"), so a desk with a
 * Latin keyboard, a guest spelling their name from a passport, or a homophone slip (王晓明 for 王小明) still
 * finds the profile. Surnames are read as surnames (单 is shan, not dan).
 */
export function pinyinOf(s: string): string {
  if (!HAN.test(s)) return '';
  const syllables = (
    pinyin(s, { toneType: 'none', type: 'array', nonZh: 'removed', surname: 'head', v: true }) as string[]
  )
    .map((x) => searchText(x))
    .filter(Boolean);
  if (!syllables.length) return '';
  return syllables.length > 1 ? `${syllables.join(' ')} ${syllables.join('')}` : syllables[0]!;
}

export const searchName = (fullName: string, latinName?: string | null) =>
  [searchText(fullName), pinyinOf(fullName), latinName ? searchText(latinName) : ''].filter(Boolean).join(' ');

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const isIsoRegion = (code: string) => /^[A-Z]{2}$/.test(code) && regionNames.of(code) !== code;

const trimmed = (max: number, what: string, min = 1) => singleLine(max, what, min);

export const phoneSchema = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => /^\+?[\d\s()\-.]+$/.test(s), 'A phone number has digits, spaces, dashes, brackets and a leading +')
  .refine((s) => {
    const n = phoneDigits(s).length;
    return n >= 6 && n <= 15;
  }, 'A phone number has 6 to 15 digits');

export const emailSchema = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => s.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(s), 'Not an email address');

const pastDate = (today: string, what: string) =>
  z
    .string()
    .refine((d) => d <= today, `${what} cannot be in the future`)
    .refine((d) => d >= '1900-01-01', `${what} is before 1900`);

export const idDocumentSchema = z
  .object({ type: z.enum(ID_DOCUMENT_TYPES), number: z.string() })
  .superRefine((doc, ctx) => {
    const problem = documentNumberProblem(doc.type, doc.number);
    if (problem) ctx.addIssue({ code: 'custom', path: ['number'], message: problem });
  })
  .transform((doc) => ({ type: doc.type, number: normaliseDocumentNumber(doc.number) }));

const consentSchema = z.object({ channel: z.enum(MARKETING_CHANNELS), granted: z.boolean() });

/** Fields shared by registration and update; everything optional except where registration says so. */
const profileFields = (today: string) => ({
  latinName: trimmed(100, 'A Latin name')
    .refine((s) => /^[\p{Script=Latin}\s'.-]+$/u.test(s), 'A Latin name has Latin letters only')
    .nullish(),
  gender: z.enum(GENDERS).nullish(),
  birthDate: pastDate(today, 'A birth date').nullish(),
  anniversaryDate: pastDate(today, 'An anniversary').nullish(),
  nationality: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine(isIsoRegion, 'Not an ISO 3166-1 alpha-2 country code')
    .nullish(),
  segment: z.enum(SEGMENTS).nullish(),
  address: trimmed(300, 'An address').nullish(),
  employer: trimmed(200, 'An employer').nullish(),
  vipLevel: z.number().int().min(1, 'VIP levels run from 1 to 5').max(5, 'VIP levels run from 1 to 5').nullish(),
  tags: z
    .array(trimmed(40, 'A tag', 2))
    .max(30, 'At most 30 tags')
    .nullish(),
  notes: multiLine(2000, 'Notes').nullish(),
});

export const registerGuestSchema = (today: string) =>
  z.object({
    fullName: trimmed(100, 'A name'),
    ...profileFields(today),
    phone: phoneSchema.nullish(),
    otherPhones: z.array(phoneSchema).max(10).nullish(),
    email: emailSchema.nullish(),
    otherEmails: z.array(emailSchema).max(10).nullish(),
    idDocument: idDocumentSchema.nullish(),
    /** The client's name for this registration, the same on a retry (checked by the kit's `requestKey`). */
    requestId: z.string().nullish(),
    vip: z.boolean().nullish(),
    /** The contract's single flag: consent (or not) on every channel at once. */
    marketingConsent: z.boolean().nullish(),
    consents: z.array(consentSchema).max(8).nullish(),
  });
export type RegisterGuest = z.output<ReturnType<typeof registerGuestSchema>>;

export const updateGuestSchema = (today: string) =>
  z.object({
    fullName: trimmed(100, 'A name').optional(),
    ...profileFields(today),
    vip: z.boolean().nullish(),
  });
export type UpdateGuest = z.output<ReturnType<typeof updateGuestSchema>>;

export interface ContactPoint {
  value: string;
  key: string;
  primary: boolean;
}

/** Phones of a new profile: the one given as `phone` is primary; repeats (by digits) are dropped. */
export function contactList(
  primary: string | null | undefined,
  others: string[] | null | undefined,
  key: (s: string) => string,
) {
  const out: ContactPoint[] = [];
  for (const [i, value] of [primary, ...(others ?? [])].entries()) {
    if (!value) continue;
    const k = key(value);
    if (out.some((c) => c.key === k)) continue;
    out.push({ value, key: k, primary: out.length === 0 && (i === 0 || !primary) });
  }
  if (out.length && !out.some((c) => c.primary)) out[0]!.primary = true;
  return out;
}

/** A guest is VIP when flagged or given a level; a level implies the flag. */
export const isVip = (vip: boolean | null | undefined, level: number | null | undefined) =>
  Boolean(vip) || level != null;
