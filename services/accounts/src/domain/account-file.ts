import { isUuid, isValidDate } from '@guest-graph/subgraph-kit';
import { z } from 'zod';

// The client file (单位客户档案, seed 000 section 3.1.2) and the sales office's classification (seed 004).
export const ACCOUNT_TYPES = ['CORPORATE', 'TRAVEL_AGENCY', 'EVENT_PLANNER', 'GOVERNMENT', 'OTA', 'OTHER'] as const;
export const ACCOUNT_GRADES = ['A', 'B', 'C', 'POTENTIAL'] as const;
/**
 * Seed 003: the hotel's relationship with a client deepens from 基础型 (a basic buyer of rooms) through 友好型
 * (a friendly, regular client) to 伙伴型 (a partner planning with the hotel). Set by sales on the client file.
 */
export const RELATIONSHIP_TYPES = ['BASIC', 'FRIENDLY', 'PARTNER'] as const;
export const ACCOUNT_STATUSES = ['PROSPECT', 'ACTIVE', 'DORMANT'] as const;
export const CHANNELS = ['TELEPHONE', 'VISIT', 'ONLINE', 'PARTNER_REFERRAL', 'EXHIBITION', 'WALK_IN', 'OTHER'] as const;
export const PAYMENT_METHODS = ['DIRECT_BILL', 'PREPAID', 'CARD', 'CASH', 'BANK_TRANSFER', 'VOUCHER', 'OTHER'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export type AccountGrade = (typeof ACCOUNT_GRADES)[number];
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

const text = (max: number) =>
  z.string().trim().min(1, 'must not be blank').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).nullish();

/** Mainland mobiles and landlines, with or without +86, spaces, dashes or brackets: 5 to 20 digits. */
export const phone = z
  .string()
  .trim()
  .refine((s) => /^\+?[\d\s\-()]+$/.test(s), 'must be a phone number: digits, spaces, dashes, brackets, a leading +')
  .refine((s) => {
    const digits = s.replace(/\D/g, '').length;
    return digits >= 5 && digits <= 20;
  }, 'must have 5 to 20 digits');

/** Money arrives already shaped by the scalar; an agreed rate must still be above nothing. */
const positiveMoney = z
  .string()
  .refine((s) => !s.startsWith('-') && /[1-9]/.test(s), 'must be greater than 0.00')
  .nullish();

const discountPercent = z
  .number()
  .refine(Number.isFinite, 'must be a number')
  .min(0, 'must be between 0 and 100')
  .max(100, 'must be between 0 and 100')
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'must have at most two decimals')
  .nullish();

const staffId = z.string().trim().min(1, 'must not be blank').max(100).nullish();
const accountId = z.string().refine(isUuid, 'must be an account id').nullish();

const fileFields = {
  grade: z.enum(ACCOUNT_GRADES).nullish(),
  industry: optionalText(100),
  address: optionalText(500),
  contactName: optionalText(100),
  contactPhone: phone.nullish(),
  negotiatedRate: positiveMoney,
  discountPercent,
  natureOfBusiness: optionalText(200),
  personInCharge: optionalText(100),
  mainNeeds: optionalText(1000),
  paymentMethod: z.enum(PAYMENT_METHODS).nullish(),
  ownerId: staffId,
  status: z.enum(ACCOUNT_STATUSES).nullish(),
  channel: z.enum(CHANNELS).nullish(),
  relationshipType: z.enum(RELATIONSHIP_TYPES).nullish(),
};

export const createAccountInput = z.object({
  name: text(200),
  type: z.enum(ACCOUNT_TYPES),
  ...fileFields,
  parentId: accountId,
});
export type CreateAccountInput = z.output<typeof createAccountInput>;

export const updateAccountInput = z.object({
  name: text(200).optional(),
  type: z.enum(ACCOUNT_TYPES).optional(),
  ...fileFields,
});
export type UpdateAccountInput = z.output<typeof updateAccountInput>;

/**
 * A new account starts ACTIVE, except a POTENTIAL one, which is not trading yet (seed 004: "有潛在合作意向,但尚未
 * 與酒店發生實際業務往來") and so starts as a PROSPECT.
 */
export function initialStatus(input: Pick<CreateAccountInput, 'grade' | 'status'>): AccountStatus {
  if (input.status) return input.status;
  return input.grade === 'POTENTIAL' ? 'PROSPECT' : 'ACTIVE';
}

export const accountContactInput = z.object({
  name: text(100),
  title: optionalText(100),
  phone: phone.nullish(),
  email: z.string().trim().email('must be an email address').max(200).nullish(),
  decisionMaker: z.boolean().nullish(),
  birthday: z.string().refine(isValidDate, 'must be a date').nullish(),
});
export type AccountContactInput = z.output<typeof accountContactInput>;
