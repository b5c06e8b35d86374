import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reservations of an arrival-date range, a page at a time (`reservationsByArrival`): keyset pages on
 * (arrival date, id) read in index order, so a page costs its rows whatever the range holds.
 */
export class ReservationArrivalOrder1764981000000 implements MigrationInterface {
  name = 'ReservationArrivalOrder1764981000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX reservation_arrival_order_idx ON guests.reservation (arrival_date, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX guests.reservation_arrival_order_idx');
  }
}
