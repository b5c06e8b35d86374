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
