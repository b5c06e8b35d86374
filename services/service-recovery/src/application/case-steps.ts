import { badInput, parseInput } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { DEPARTMENTS } from '../domain/routing.js';
import type { Actor } from './actor.js';
import { CaseWork, text } from './case-work.js';

export const ROOT_CAUSES = ['PROCESS', 'STAFF', 'FACILITY', 'SUPPLIER', 'GUEST_EXPECTATION', 'OTHER'] as const;
export const REPLY_CHANNELS = ['IN_PERSON', 'PHONE', 'EMAIL', 'SMS', 'WECHAT', 'ONLINE_REVIEW', 'LETTER'] as const;

const InvestigationInput = z.object({
  rootCause: z.enum(ROOT_CAUSES),
  detail: z.string().trim().max(4000).nullish(),
  responsibleDepartment: z.enum(DEPARTMENTS).nullish(),
});

const ReplyInput = z.object({ channel: z.enum(REPLY_CHANNELS), text: text(4000) });

/** The steps of handling a case between intake and resolution: acknowledge, assign, comment, investigate, reply. */
export class CaseSteps extends CaseWork {
  acknowledge(id: string, note: string | null | undefined, actor: Actor) {
    return this.act(id, 'ACKNOWLEDGE', async (c, tx, now) => {
      c.acknowledgedAt = now;
      c.assignedTo ??= actor.staffId;
      await this.note(tx, c.id, actor, 'ACKNOWLEDGED', note?.trim() || null);
    });
  }

  assign(id: string, to: string, note: string | null | undefined, actor: Actor) {
    const assignee = to.trim();
    if (!assignee || assignee.length > 200) throw badInput('to', 'Name the member of staff to assign');
    return this.act(id, 'ASSIGN', async (c, tx, now) => {
      const kind = c.assignedTo && c.assignedTo !== assignee ? 'REASSIGNED' : 'ASSIGNED';
      c.acknowledgedAt ??= now;
      c.assignedTo = assignee;
      await this.note(tx, c.id, actor, kind, `to ${assignee}${note?.trim() ? `: ${note.trim()}` : ''}`);
    });
  }

  comment(id: string, body: string, actor: Actor) {
    const note = body.trim();
    if (!note || note.length > 4000) throw badInput('text', 'A comment must not be blank');
    return this.act(id, 'COMMENT', (c, tx) => this.note(tx, c.id, actor, 'COMMENT', note));
  }

  investigate(id: string, raw: unknown, actor: Actor) {
    const input = parseInput(InvestigationInput, raw);
    return this.act(id, 'INVESTIGATE', async (c, tx) => {
      c.rootCause = input.rootCause;
      c.rootCauseDetail = input.detail ?? c.rootCauseDetail;
      c.responsibleDepartment = input.responsibleDepartment ?? c.department;
      await this.note(
        tx,
        c.id,
        actor,
        'INVESTIGATED',
        `${input.rootCause}, ${c.responsibleDepartment}${input.detail ? `: ${input.detail}` : ''}`,
      );
    });
  }

  reply(id: string, raw: unknown, actor: Actor) {
    const input = parseInput(ReplyInput, raw);
    return this.act(id, 'REPLY', async (c, tx, now) => {
      c.replyChannel = input.channel;
      c.replyText = input.text;
      c.repliedAt = now;
      await this.note(tx, c.id, actor, 'REPLIED', `${input.channel}: ${input.text}`);
    });
  }
}
