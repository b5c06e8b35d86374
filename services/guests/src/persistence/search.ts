import type { DataSource } from 'typeorm';
import type { SearchPlan } from '../domain/guest-search.js';

/**
 * One ranked query over every way a guest can be found, built from the branches the text allows, so each
 * branch uses its own index: the nearest names by trigram distance, leading and trailing phone digits, the lower-cased
 * email, and the blind index of document numbers. Merged-away profiles are not offered.
 */
export async function searchGuestIds(
  ds: DataSource,
  plan: SearchPlan,
  documentIndex: string | null,
): Promise<{ id: string; score: number }[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const branches: string[] = [];
  if (plan.name) {
    const n = p(plan.name);
    // Nearest names first from the GiST index, then scored: the word match dominates (the name inside
    // "张伟 zhang wei"), whole-string similarity prefers "zhang wei" over "zhang weifang", a prefix adds.
    branches.push(`SELECT id AS guest_id,
        0.7 * word_similarity(${n}, search_name) + 0.3 * similarity(search_name, ${n})
          + CASE WHEN search_name LIKE ${n} || '%' THEN 0.2 ELSE 0 END AS score
      FROM (SELECT id, search_name FROM guests.guest WHERE merged_into IS NULL
             ORDER BY ${n} <<-> search_name LIMIT ${p(Math.max(30, plan.limit * 3))}) nearest
     WHERE word_similarity(${n}, search_name) >= 0.45 OR similarity(search_name, ${n}) >= 0.3`);
  }
  if (plan.phone) {
    const d = p(plan.phone);
    branches.push(`SELECT guest_id, CASE WHEN digits = ${d} THEN 1.5 ELSE 1.0 END AS score
      FROM guests.guest_phone WHERE digits LIKE ${d} || '%' OR reverse(digits) LIKE reverse(${d}) || '%'`);
  }
  if (plan.email) {
    branches.push(`SELECT guest_id, 1.5 AS score FROM guests.guest_email WHERE address_lower = ${p(plan.email)}`);
  }
  if (documentIndex) {
    branches.push(`SELECT id AS guest_id, 2.0 AS score FROM guests.guest WHERE id_doc_index = ${p(documentIndex)}`);
  }
  if (!branches.length) return [];
  const limit = p(plan.limit);
  const sql = `SELECT g.id, max(m.score)::float8 AS score
      FROM (${branches.join(' UNION ALL ')}) m JOIN guests.guest g ON g.id = m.guest_id
     WHERE g.merged_into IS NULL
     GROUP BY g.id, g.full_name ORDER BY score DESC, g.full_name, g.id LIMIT ${limit}`;
  return ds.query(sql, params);
}
