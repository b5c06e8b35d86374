import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The guests service's copy of each member's loyalty tier, fed by loyalty's member.enrolled and
 * loyalty.tier-changed (issue 17). Two reasons: revenue and nights by value tier x member tier is then one
 * statement here, whatever the range (asking loyalty per page or per guest would grow with the stays); and a
 * tier change moves the guest's changed_at (a trigger, as for the value tier), so guestsChanged brings the
 * guest back to BI's copy. Only a tier that moves touches the guest.
 */
export class MemberTierCopy1764900000000 implements MigrationInterface {
  name = 'MemberTierCopy1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.guest_member_tier (
        guest_id   uuid PRIMARY KEY,
        tier       text NOT NULL CHECK (tier IN ('MEMBER', 'SILVER', 'GOLD', 'PLATINUM')),
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION guests.guest_member_tier_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE guests.guest g SET changed_at = clock_timestamp() FROM fresh f WHERE g.id = f.guest_id;
        ELSE
          UPDATE guests.guest g SET changed_at = clock_timestamp()
            FROM fresh f JOIN stale s ON s.guest_id = f.guest_id
           WHERE g.id = f.guest_id AND f.tier IS DISTINCT FROM s.tier;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER member_tier_inserted AFTER INSERT ON guests.guest_member_tier
      REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION guests.guest_member_tier_changed()`);
    await q.query(`
      CREATE TRIGGER member_tier_updated AFTER UPDATE ON guests.guest_member_tier
      REFERENCING OLD TABLE AS stale NEW TABLE AS fresh
      FOR EACH STATEMENT EXECUTE FUNCTION guests.guest_member_tier_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guests.guest_member_tier');
    await q.query('DROP FUNCTION guests.guest_member_tier_changed()');
  }
}
