import type { DataSource, EntityManager } from 'typeorm';
import { GuestEntity, IdDocumentRevealEntity } from './guest.entity.js';

type Db = DataSource | EntityManager;

/** The latest reveals first (of one guest, or of everyone). */
export const latestReveals = (db: Db, guestId: string | null, take: number) =>
  db.getRepository(IdDocumentRevealEntity).find({
    where: guestId ? { guestId } : {},
    order: { revealedAt: 'DESC', id: 'ASC' },
    take,
  });

export const guestWithDocument = (tx: EntityManager, id: string) => tx.findOneBy(GuestEntity, { id });

export const recordReveal = (tx: EntityManager, reveal: IdDocumentRevealEntity) =>
  tx.insert(IdDocumentRevealEntity, reveal);
