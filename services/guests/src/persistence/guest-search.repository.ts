import { changed } from '@guest-graph/db';
import type { DataSource } from 'typeorm';
import type { SearchPlan } from '../domain/guest-search.js';

/** The score of a document number match, above every other path's: the hits a document search revealed. */
export const DOCUMENT_MATCH_SCORE = 2.0;

/**
 * One ranked query over every way a guest can be found, built from the branches the text allows, so each
 * branch uses its own index: names from the dictionary of distinct names (trigram GIN) and then the guests
 * who bear them, leading and trailing phone digits, the lower-cased email, and the blind index of document
 * numbers. Merged-away profiles are not offered.
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
  // Each of the plan's name passes runs the same statement with its own text, thresholds and filter.
  const nameAt = plan.namePasses.length ? params.length : -1;
  if (nameAt >= 0) {
    const n = p(plan.namePasses[0]!.text);
    // The word match dominates (the name inside "张伟 zhang wei"), whole-string similarity prefers "zhang wei"
    // over "zhang weifang", a prefix adds. Scored once per distinct name, not once per guest.
    branches.push(`SELECT g.id AS guest_id, nearest.score
      FROM (SELECT search_name,
                   0.7 * word_similarity(${n}, search_name) + 0.3 * similarity(search_name, ${n})
                     + CASE WHEN search_name LIKE ${n} || '%' THEN 0.2 ELSE 0 END AS score
              FROM guests.guest_name WHERE ${NAME_FILTER}
             ORDER BY score DESC LIMIT ${p(Math.max(30, plan.limit * 3))}) nearest
      JOIN guests.guest g ON g.search_name = nearest.search_name`);
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
    branches.push(
      `SELECT id AS guest_id, ${DOCUMENT_MATCH_SCORE} AS score FROM guests.guest WHERE id_doc_index = ${p(documentIndex)}`,
    );
  }
  if (!branches.length) return [];
  const limit = p(plan.limit);
  const sql = `SELECT g.id, max(m.score)::float8 AS score
      FROM (${branches.join(' UNION ALL ')}) m JOIN guests.guest g ON g.id = m.guest_id
     WHERE g.merged_into IS NULL
     GROUP BY g.id, g.full_name ORDER BY score DESC, g.full_name, g.id LIMIT ${limit}`;
  if (nameAt < 0) return ds.query(sql, params);
  return ds.transaction(async (tx) => {
    // The planner prices pg_trgm's similarity at the cost of a comparison and would scan the dictionary whole
    // for a common name (250 ms on 70,000 names against 40 ms from the index): the index, always, for this
    // transaction only.
    await tx.query(`SELECT set_config('enable_seqscan', 'off', true)`);
    let hits: { id: string; score: number }[] = [];
    const n = `$${nameAt + 1}`;
    for (const pass of plan.namePasses) {
      // Whole-string likeness is the last resort: only when the word passes found nobody.
      if (pass.orSimilarity && hits.length) break;
      await tx.query(
        `SELECT set_config('pg_trgm.word_similarity_threshold', $1, true),
                set_config('pg_trgm.similarity_threshold', $2, true)`,
        [String(pass.threshold), String(pass.orSimilarity ?? 0.3)],
      );
      params[nameAt] = pass.text;
      const filter = pass.orSimilarity ? `(${n} <% search_name OR search_name % ${n})` : `${n} <% search_name`;
      hits = await tx.query(sql.replace(NAME_FILTER, filter), params);
      if (hits.length >= plan.limit) break;
    }
    return hits;
  });
}

/** Where each pass puts its name condition (thresholds are set for the transaction only, by set_config). */
const NAME_FILTER = '/*name filter*/';

/**
 * Drops names nobody bears any more (renamed, merged away). The table lock waits for every transaction that
 * has written a guest name and holds off new ones while the statement runs, so a name a guest is being
 * given right now is never pruned; on a million profiles that is about a second, once a night.
 */
export async function pruneGuestNames(ds: DataSource): Promise<number> {
  return ds.transaction(async (tx) => {
    await tx.query('LOCK TABLE guests.guest_name IN EXCLUSIVE MODE');
    const { affected } = await changed(
      tx,
      `DELETE FROM guests.guest_name n WHERE NOT EXISTS (SELECT 1 FROM guests.guest g WHERE g.search_name = n.search_name)`,
    );
    return affected;
  });
}
