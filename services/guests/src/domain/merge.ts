import { searchName } from './guest-profile.js';

/**
 * What survives a merge of two profiles of one guest: the survivor's answers win, the duplicate fills the
 * blanks, lists are united. Pure, so the preview (`dryRun`) and the merge itself cannot disagree.
 */
export interface MergeableProfile {
  fullName: string;
  latinName: string | null;
  gender: string | null;
  birthDate: string | null;
  anniversaryDate: string | null;
  nationality: string | null;
  segment: string | null;
  vip: boolean;
  vipLevel: number | null;
  address: string | null;
  employer: string | null;
  tags: string[];
  notes: string | null;
  restrictions: { type: string }[];
}

const FILLABLE = [
  'latinName',
  'gender',
  'birthDate',
  'anniversaryDate',
  'nationality',
  'segment',
  'address',
  'employer',
] as const;

/** Every field of the survivor a merge may change (and so an unmerge may take back). */
export const MERGED_FIELDS = [...FILLABLE, 'vip', 'vipLevel', 'tags', 'notes', 'restrictions'] as const;

export function mergedProfile<P extends MergeableProfile>(survivor: P, duplicate: P): P {
  const out = { ...survivor };
  for (const k of FILLABLE)
    if (out[k] == null && duplicate[k] != null) (out as MergeableProfile)[k] = duplicate[k] as never;
  out.vip = survivor.vip || duplicate.vip;
  const levels = [survivor.vipLevel, duplicate.vipLevel].filter((l): l is number => l != null);
  // Level 1 is the highest attention: keep the more attentive of the two.
  out.vipLevel = levels.length ? Math.min(...levels) : null;
  out.tags = [...new Set([...survivor.tags, ...duplicate.tags])];
  out.notes = [survivor.notes, duplicate.notes].filter(Boolean).join('\n') || null;
  out.restrictions = [
    ...survivor.restrictions,
    ...duplicate.restrictions.filter((r) => !survivor.restrictions.some((s) => s.type === r.type)),
  ];
  return out;
}

/** Contact points united by key, the survivor's primary staying primary. */
export function mergedContacts<C extends { key: string; primary: boolean }>(survivor: C[], duplicate: C[]): C[] {
  const out = survivor.map((c) => ({ ...c }));
  for (const c of duplicate) if (!out.some((o) => o.key === c.key)) out.push({ ...c, primary: false });
  if (out.length && !out.some((c) => c.primary)) out[0]!.primary = true;
  return out;
}

/** Within the window a merge can be undone from its snapshot. */
export function canUnmerge(mergedAt: Date, now: Date, windowDays: number): boolean {
  return now.getTime() - mergedAt.getTime() <= windowDays * 86_400_000;
}

/** A profile as a merge reads it: the mergeable fields, its search name and its (encrypted) document. */
export interface MergeGuest extends MergeableProfile {
  id: string;
  searchName: string;
  idDocType: string | null;
  idDocIndex: string | null;
  idDocCipher: string | null;
  idDocLast4: string | null;
  idDocLength: number | null;
}
export interface MergePhone {
  id: string;
  guestId: string;
  number: string;
  digits: string;
  isPrimary: boolean;
  addedAt: Date;
}
export interface MergeEmail {
  id: string;
  guestId: string;
  address: string;
  addressLower: string;
  isPrimary: boolean;
  addedAt: Date;
}

/** What hangs on the duplicate and moves with it. `yields`: the survivor holds a current one of its category. */
export interface MergeFootprint {
  stays: string[];
  preferences: { id: string; supersededAt: Date | string | null; yields: boolean }[];
  observations: string[];
  consents: string[];
  followUps: string[];
}

export interface MergeSides<G extends MergeGuest> {
  survivor: G;
  duplicate: G;
  survivorPhones: MergePhone[];
  duplicatePhones: MergePhone[];
  survivorEmails: MergeEmail[];
  duplicateEmails: MergeEmail[];
  footprint: MergeFootprint;
}

/**
 * What a merge keeps so `unmergeGuests` can put both profiles back: the survivor and its contacts as they
 * were, and the ids of everything moved.
 */
export interface MergeSnapshot<G extends MergeGuest = MergeGuest> {
  survivor: G;
  survivorPhones: MergePhone[];
  survivorEmails: MergeEmail[];
  stays: string[];
  preferences: { id: string; supersededAt: string | null }[];
  observations: string[];
  consents: string[];
  followUps: string[];
  /**
   * What the merge itself wrote on the survivor, so an unmerge takes back only that and keeps what staff
   * changed since. Absent in snapshots taken before it was kept (those unmerge to the snapshot whole).
   */
  after?: {
    profile: Partial<Record<(typeof MERGED_FIELDS)[number], unknown>>;
    addedPhones: string[];
    addedEmails: string[];
    documentIndex: string | null;
  };
}

export type SurvivorPatch = Pick<MergeGuest, (typeof MERGED_FIELDS)[number] | 'searchName'>;

/**
 * The whole merge decided before anything is written: the preview a dry run shows, the survivor's new
 * fields, the contacts it gains, the preferences that become history and the snapshot an unmerge reads.
 * Applying it (and re-encrypting a document that moves) is the application's job.
 */
export function planMerge<G extends MergeGuest>(sides: MergeSides<G>) {
  const { survivor, duplicate, footprint } = sides;
  const profile = mergedProfile(survivor, duplicate);
  const phones = mergedContacts(
    sides.survivorPhones.map((p) => ({ ...p, key: p.digits, primary: p.isPrimary })),
    sides.duplicatePhones.map((p) => ({ ...p, key: p.digits, primary: p.isPrimary })),
  );
  const emails = mergedContacts(
    sides.survivorEmails.map((e) => ({ ...e, key: e.addressLower, primary: e.isPrimary })),
    sides.duplicateEmails.map((e) => ({ ...e, key: e.addressLower, primary: e.isPrimary })),
  );
  const takesDocument = !survivor.idDocCipher && !!duplicate.idDocCipher;
  const yielding = footprint.preferences.filter((p) => p.yields).map((p) => p.id);
  const survivorPatch: SurvivorPatch = {
    latinName: profile.latinName,
    gender: profile.gender,
    birthDate: profile.birthDate,
    anniversaryDate: profile.anniversaryDate,
    nationality: profile.nationality,
    segment: profile.segment,
    vip: profile.vip,
    vipLevel: profile.vipLevel,
    address: profile.address,
    employer: profile.employer,
    tags: profile.tags,
    notes: profile.notes,
    restrictions: profile.restrictions,
    searchName:
      profile.latinName !== survivor.latinName ? searchName(survivor.fullName, profile.latinName) : survivor.searchName,
  };
  const addedPhones = phones.filter((p) => p.guestId === duplicate.id);
  const addedEmails = emails.filter((e) => e.guestId === duplicate.id);
  const snapshot: MergeSnapshot<G> = {
    survivor,
    survivorPhones: sides.survivorPhones,
    survivorEmails: sides.survivorEmails,
    stays: footprint.stays,
    preferences: footprint.preferences.map((p) => ({
      id: p.id,
      supersededAt: p.supersededAt ? new Date(p.supersededAt).toISOString() : null,
    })),
    observations: footprint.observations,
    consents: footprint.consents,
    followUps: footprint.followUps,
    after: {
      profile: Object.fromEntries(MERGED_FIELDS.map((k) => [k, survivorPatch[k]])),
      addedPhones: addedPhones.map((p) => p.digits),
      addedEmails: addedEmails.map((e) => e.addressLower),
      documentIndex: takesDocument ? duplicate.idDocIndex : survivor.idDocIndex,
    },
  };
  return {
    preview: {
      fullName: profile.fullName,
      latinName: profile.latinName,
      birthDate: profile.birthDate,
      segment: profile.segment,
      vip: profile.vip,
      vipLevel: profile.vipLevel,
      tags: profile.tags,
      phones: phones.map((p) => p.number),
      emails: emails.map((e) => e.address),
      idDocumentType: profile.idDocType ?? (takesDocument ? duplicate.idDocType : null),
    },
    counts: {
      staysMoved: footprint.stays.length,
      preferencesMoved: footprint.preferences.length - yielding.length,
      preferencesKeptAsHistory: yielding.length,
      observationsMoved: footprint.observations.length,
    },
    survivorPatch,
    /** The duplicate's document, when the survivor has none: it moves (re-encrypted for its new owner). */
    movingDocument: takesDocument
      ? {
          ownerId: duplicate.id,
          idDocType: duplicate.idDocType,
          idDocIndex: duplicate.idDocIndex,
          idDocCipher: duplicate.idDocCipher,
          idDocLast4: duplicate.idDocLast4,
          idDocLength: duplicate.idDocLength,
        }
      : null,
    addedPhones: addedPhones.map((p) => ({ number: p.number, digits: p.digits, isPrimary: p.primary })),
    addedEmails: addedEmails.map((e) => ({ address: e.address, addressLower: e.addressLower, isPrimary: e.primary })),
    yieldingPreferences: yielding,
    snapshot,
  };
}
export type MergePlan<G extends MergeGuest> = ReturnType<typeof planMerge<G>>;

/** Equal as stored values (key order of JSON objects aside). */
export function sameValue(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object' && !(v instanceof Date)
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, x]) => [k, canon(x)]),
          )
        : v instanceof Date
          ? v.toISOString()
          : (v ?? null);
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

const DOCUMENT_FIELDS = ['idDocType', 'idDocIndex', 'idDocCipher', 'idDocLast4', 'idDocLength'] as const;

/**
 * The survivor after an unmerge: each field the merge changed and nobody has touched since goes back to what
 * it was; a field staff edited after the merge keeps the edit (their latest word on the guest). The
 * duplicate's document leaves unless it was replaced since. Snapshots from before `after` was kept put the
 * survivor back exactly as it was at the merge.
 */
export function unmergedSurvivor(snapshot: MergeSnapshot, current: MergeGuest): Record<string, unknown> {
  const before = snapshot.survivor as unknown as Record<string, unknown>;
  const after = snapshot.after;
  if (!after) {
    const whole: Record<string, unknown> = { searchName: before.searchName };
    for (const k of [...MERGED_FIELDS, ...DOCUMENT_FIELDS]) whole[k] = before[k];
    return whole;
  }
  const now = current as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const k of MERGED_FIELDS) if (sameValue(now[k], after.profile[k])) patch[k] = before[k];
  if ((current.idDocIndex ?? null) === after.documentIndex) for (const k of DOCUMENT_FIELDS) patch[k] = before[k];
  const latinName = ('latinName' in patch ? patch.latinName : current.latinName) as string | null;
  patch.searchName = searchName(current.fullName, latinName);
  return patch;
}
