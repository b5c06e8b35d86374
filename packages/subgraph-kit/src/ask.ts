import { type EventBus, NoAnswerError, RemoteError, type RequestDefinition } from '@guest-graph/events';
import type { z } from 'zod';
import { DomainError } from './errors.js';

/** How long a service waits for another's answer unless the site says otherwise. */
export const DEFAULT_ASK_TIMEOUT_MS = 3000;

export interface AskOptions {
  /** What the answer confirms, in the desk's words: "the guest", "the direct bill". */
  about: string;
  /** What the desk can do instead; "try again in a moment" unless given. */
  advice?: string;
  timeoutMs?: number;
  /**
   * Also treat a responder's refusal it could not put in its reply (RemoteError) as unavailable. Off by
   * default: a site that can tell the desk more than "try again" handles it itself.
   */
  refusalIsUnavailable?: boolean;
}

/**
 * Asks the service that answers `def` over request/reply. Silence (and, if asked, a failed responder) is a
 * SERVICE_UNAVAILABLE naming the service asked, never a guess: the desk sees whom to wait for and what else
 * it can do, and the question can be asked again.
 */
export async function askOrUnavailable<Q extends RequestDefinition>(
  bus: Pick<EventBus, 'request'>,
  def: Q,
  payload: z.input<Q['request']>,
  opts: AskOptions,
): Promise<z.output<Q['reply']>> {
  try {
    return await bus.request(def, payload, { timeoutMs: opts.timeoutMs ?? DEFAULT_ASK_TIMEOUT_MS });
  } catch (e) {
    const refused = e instanceof RemoteError && opts.refusalIsUnavailable;
    if (!(e instanceof NoAnswerError) && !refused) throw e;
    throw new DomainError(
      'SERVICE_UNAVAILABLE',
      `The ${def.responder} service did not confirm ${opts.about} in time; ${opts.advice ?? 'try again in a moment'}`,
      { service: def.responder, reason: refused ? (e as RemoteError).code : 'NO_ANSWER' },
    );
  }
}
