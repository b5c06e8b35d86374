import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchName } from '../../domain/guest-profile.js';

/**
 * Chinese names become searchable by their pinyin: recomputes every profile's search name with the new rule,
 * in batches so a large history does not hold one long transaction's worth of memory.
 */
export class PinyinSearchName1764100000000 implements MigrationInterface {
  name = 'PinyinSearchName1764100000000';
  async up(q: QueryRunner) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; full_name: string; latin_name: string | null }[] = await q.query(
        'SELECT id, full_name, latin_name FROM guests.guest WHERE id > $1 ORDER BY id LIMIT 2000',
        [after],
      );
      if (!rows.length) return;
      await q.query(
        `UPDATE guests.guest g SET search_name = v.search_name
           FROM unnest($1::uuid[], $2::text[]) AS v(id, search_name) WHERE g.id = v.id`,
        [rows.map((r) => r.id), rows.map((r) => searchName(r.full_name, r.latin_name))],
      );
      after = rows[rows.length - 1]!.id;
    }
  }
  async down() {
    // The old search names are a subset of the new ones: nothing to undo that search would notice.
  }
}
