import { type EntityManager, IsNull } from 'typeorm';
import { ObservationEntity, PreferenceEntity } from './preference.entity.js';

/** Serialises writers of one profile's preferences and observations (the guest row lock). */
export async function lockGuestRow(tx: EntityManager, guestId: string): Promise<void> {
  await tx.query('SELECT id FROM guests.guest WHERE id = $1 FOR UPDATE', [guestId]);
}

export const currentPreference = (tx: EntityManager, guestId: string, category: string) =>
  tx.findOne(PreferenceEntity, { where: { guestId, category, supersededAt: IsNull() } });

export const confirmPreference = (
  tx: EntityManager,
  id: string,
  change: Pick<PreferenceEntity, 'confirmations' | 'lastConfirmedAt' | 'note' | 'sensitive'>,
) => tx.update(PreferenceEntity, { id }, change);

export const supersedePreference = (tx: EntityManager, id: string, at: Date) =>
  tx.update(PreferenceEntity, { id }, { supersededAt: at });

export const insertPreference = (tx: EntityManager, pref: PreferenceEntity) => tx.insert(PreferenceEntity, pref);

export async function isStayOf(tx: EntityManager, stayId: string, guestId: string): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM guests.stay WHERE id = $1 AND guest_id = $2', [stayId, guestId]);
  return rows.length > 0;
}

export const insertObservation = (tx: EntityManager, o: ObservationEntity) => tx.insert(ObservationEntity, o);

/** Every sighting of one thing (category and normalised value) on a guest. */
export const sightingsOf = (tx: EntityManager, guestId: string, category: string, valueKey: string) =>
  tx.find(ObservationEntity, { where: { guestId, category, valueKey } });

/** Links every sighting of one thing to the preference it became. */
export async function linkSightings(
  tx: EntityManager,
  preferenceId: string,
  sighting: { guestId: string; category: string; valueKey: string },
): Promise<void> {
  await tx.query(
    'UPDATE guests.observation SET preference_id = $1 WHERE guest_id = $2 AND category = $3 AND value_key = $4',
    [preferenceId, sighting.guestId, sighting.category, sighting.valueKey],
  );
}
