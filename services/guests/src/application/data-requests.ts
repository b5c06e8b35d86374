import { randomUUID } from 'node:crypto';
import { dataRights, PRODUCERS, requestKeyPair, unseal } from '@guest-graph/events';
import { invalidState, isUuid, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { maskDocumentNumber } from '../domain/id-document.js';
import {
  addChunk,
  completeIfAnswered,
  completePart,
  type DataRequestRow,
  dataRequestsByIds,
  dropChunks,
  hasStayInHouse,
  insertDataRequest,
  lockDataRequest,
  markAsked,
  partsOf,
  silentParts,
  subjectIdsOf,
} from '../persistence/data-request.repository.js';
import { lockLiveGuest } from '../persistence/guest.repository.js';
import { eraseGuests, guestRecords } from '../persistence/guest-data.repository.js';
import type { GuestsDeps } from './deps.js';
import { forgetGuest } from './timeline.js';

/**
 * Data subject requests as a saga over NATS (PIPL Art. 44-47, GDPR Art. 15-17, 20). Guests records the request
 * (who, when, why: the audit) and announces it through its outbox; each of the five services, guests included,
 * answers with its part through its own outbox; the request is COMPLETED when all five have answered. A
 * service that stays silent is asked again; answering twice changes nothing.
 */

type Kind = 'EXPORT' | 'ERASURE';
type Answer = ReturnType<(typeof dataRights.dataRequestAnswered)['guests']['schema']['parse']>;

/** How long a part may stay silent before its service is asked again. */
export const REASK_AFTER_MS = 10_000;

export async function requestGuestData(
  deps: GuestsDeps,
  ctx: RequestContext,
  guestId: string,
  kind: Kind,
  reason: string,
): Promise<DataRequestRow> {
  const { rt } = deps;
  const now = rt.clock.now();
  const id = randomUUID();
  // Made before the transaction: a key pair takes tens of milliseconds of CPU, locks need not wait for it.
  const keys = kind === 'EXPORT' ? requestKeyPair() : null;
  await rt.bus.transact(async (tx) => {
    const guest = await lockLiveGuest(tx, guestId);
    if (!guest) throw notFound('Guest', guestId);
    const subjectIds = await subjectIdsOf(tx, guest.id);
    // A guest in the house is still being served under the stay's contract: erasure waits for check-out.
    if (kind === 'ERASURE' && (await hasStayInHouse(tx, subjectIds)))
      throw invalidState('The guest has a stay in house; erase after check-out', { guestId: guest.id });
    await insertDataRequest(
      tx,
      {
        id,
        guestId: guest.id,
        subjectIds,
        kind,
        reason,
        requestedBy: ctx.identity.sub,
        requestedByName: ctx.identity.name,
        requestId: ctx.requestId ?? null,
        requestedAt: now,
        lastAskedAt: now,
        publicKey: keys?.publicKey ?? null,
        privateKey: keys?.privateKey ?? null,
      },
      PRODUCERS,
    );
    await rt.bus.emit(
      tx,
      dataRights.dataRequested,
      {
        requestId: id,
        kind,
        guestIds: subjectIds,
        publicKey: keys?.publicKey ?? null,
        services: [...PRODUCERS],
        requestedAt: now.toISOString(),
      },
      { requestId: ctx.requestId },
    );
  });
  ctx.logger.info({ dataRequestId: id, guestId, kind }, 'guest data requested');
  return (await dataRequestsByIds(rt.dataSource, [id]))[0]!;
}

/** One service's answer (or one chunk of it): marks its part, and the request once all five are in. */
export async function recordDataRequestAnswer(deps: GuestsDeps, tx: EntityManager, answer: Answer): Promise<void> {
  const request = await lockDataRequest(tx, answer.requestId);
  if (request?.status !== 'PENDING') return;
  const now = deps.rt.clock.now();
  if (request.kind === 'ERASURE' || !answer.sealed) {
    await completePart(tx, request.id, answer.service, now, undefined);
  } else {
    const slices = await addChunk(tx, { ...answer, sealed: answer.sealed });
    if (!slices) return;
    if (!request.privateKey) throw new Error('An export request lost its key before completing');
    await completePart(tx, request.id, answer.service, now, JSON.parse(unseal(slices, request.privateKey)));
    await dropChunks(tx, request.id, answer.service);
  }
  if (await completeIfAnswered(tx, request.id, now)) await dropChunks(tx, request.id);
}

/** Asks the silent services again (a scheduled job, once per interval across instances). */
export async function reaskDataRequests(deps: GuestsDeps): Promise<number> {
  const { rt } = deps;
  const now = rt.clock.now();
  return rt.bus.transact(async (tx) => {
    const silent = await silentParts(tx, new Date(now.getTime() - REASK_AFTER_MS), 100);
    for (const r of silent) {
      await rt.bus.emit(tx, dataRights.dataRequested, {
        requestId: r.id,
        kind: r.kind,
        guestIds: r.subjectIds,
        publicKey: r.publicKey,
        services: r.silent as (typeof PRODUCERS)[number][],
        requestedAt: r.requestedAt.toISOString(),
      });
      await markAsked(tx, r.id, now);
    }
    return silent.length;
  });
}

/** A request with its parts, and for a completed export the document: one key per service. */
export async function guestDataRequest(deps: GuestsDeps, id: string) {
  if (!isUuid(id)) return null;
  const db = deps.rt.dataSource;
  const [request] = await dataRequestsByIds(db, [id]);
  if (!request) return null;
  const parts = await partsOf(db, [id]);
  const document =
    request.kind === 'EXPORT' && request.status === 'COMPLETED'
      ? JSON.stringify(
          Object.fromEntries(PRODUCERS.map((s) => [s, parts.find((p) => p.service === s)?.document ?? null])),
        )
      : null;
  return { ...request, parts, document };
}

/** The guests service's own part: its records about the person (document masked), or their erasure. */
export const guestsPart = (deps: GuestsDeps) => ({
  export: async (tx: EntityManager, ids: string[]) => {
    const records = await guestRecords(tx, ids);
    records.profiles = (records.profiles as { profile: Record<string, unknown> }[]).map(({ profile }) => {
      const { id_doc_last4: last4, id_doc_length: length, ...rest } = profile;
      return {
        ...rest,
        id_document: last4
          ? { type: profile.id_doc_type, masked_number: maskDocumentNumber(String(last4), Number(length ?? 18)) }
          : null,
      };
    });
    return records;
  },
  erase: async (tx: EntityManager, ids: string[]) => {
    await eraseGuests(tx, ids, deps.rt.clock.now());
    for (const id of ids) await forgetGuest(deps, id, tx);
  },
});
