import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name search looks names up in a dictionary of the distinct search names, then the guests who bear them.
 * Names are low-entropy (a million profiles of a hotel group carry ~170,000 distinct names, and 张伟 is
 * thousands of people): a fuzzy scan of the guest table scored every 张 in the house, the dictionary scores
 * each spelling once. A trigger keeps it complete on every path that writes a guest (the service, the bulk
 * seed, a hand-run fix); a name nobody bears any more stays in it harmlessly until the nightly prune.
 * The GiST index of the guest table served nearest-neighbour ranking, which was slow on these names.
 */
export class NameDictionary1764200000000 implements MigrationInterface {
  name = 'NameDictionary1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE guests.guest_name (search_name text PRIMARY KEY)');
    await q.query(
      'INSERT INTO guests.guest_name (search_name) SELECT DISTINCT search_name FROM guests.guest ON CONFLICT DO NOTHING',
    );
    // New names go straight into the index: a pending list would be read in full by every search until the
    // next vacuum, and names are added far less often than they are searched.
    await q.query(
      'CREATE INDEX guest_name_trgm ON guests.guest_name USING gin (search_name gin_trgm_ops) WITH (fastupdate = off)',
    );
    await q.query('CREATE INDEX guest_search_name_idx ON guests.guest (search_name)');
    await q.query(`CREATE FUNCTION guests.remember_guest_name() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO guests.guest_name (search_name) VALUES (NEW.search_name) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER guest_name_remembered AFTER INSERT OR UPDATE OF search_name ON guests.guest
      FOR EACH ROW EXECUTE FUNCTION guests.remember_guest_name()`);
    await q.query('DROP INDEX IF EXISTS guests.guest_search_name_gist');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX guest_search_name_gist ON guests.guest USING gist (search_name gist_trgm_ops)');
    await q.query('DROP TRIGGER guest_name_remembered ON guests.guest');
    await q.query('DROP FUNCTION guests.remember_guest_name()');
    await q.query('DROP INDEX guests.guest_search_name_idx');
    await q.query('DROP TABLE guests.guest_name');
  }
}
