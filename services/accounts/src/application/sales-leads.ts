import { randomUUID } from 'node:crypto';
import { invalidState, isUuid, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { CreateAccountInput } from '../domain/account-file.js';
import { canMoveLead, type LeadStatus, type PassLeadInput } from '../domain/sales-lead.js';
import type { AccountRow } from '../persistence/account.repository.js';
import { insertLead, type LeadRow, leadsByIds, leadsPage, moveLead } from '../persistence/sales-lead.repository.js';
import type { Actor } from './actor.js';
import { existingGuest } from './guest-link.js';

/** Hand-offs from the desk to sales (seed 004): passed, assigned with a due date, converted to an account. */
export function salesLeads(
  rt: Runtime,
  createAccount: (
    input: CreateAccountInput,
    by: Actor,
    alongside: (tx: EntityManager, accountId: string) => Promise<void>,
  ) => Promise<AccountRow>,
) {
  async function current(id: string): Promise<LeadRow> {
    if (!isUuid(id)) throw notFound('Lead', id);
    const [lead] = await leadsByIds(rt.dataSource, [id]);
    if (!lead) throw notFound('Lead', id);
    return lead;
  }
  async function move(lead: LeadRow, to: LeadStatus, change: Parameters<typeof moveLead>[4]): Promise<LeadRow> {
    if (!canMoveLead(lead.status, to)) throw invalidState(`A ${lead.status} lead cannot become ${to}`);
    if (!(await moveLead(rt.dataSource, lead.id, lead.status, to, change, rt.clock.now())))
      throw invalidState('The lead changed meanwhile; reload it');
    return (await leadsByIds(rt.dataSource, [lead.id]))[0]!;
  }

  return {
    async passLead(input: PassLeadInput, source: string, by: Actor): Promise<LeadRow> {
      // A lead about a guest names one the hotel knows (a merged duplicate: the guest it became).
      const guestId = input.guestId ? await existingGuest(rt, input.guestId) : null;
      const lead: LeadRow = {
        id: randomUUID(),
        companyName: input.companyName,
        guestId,
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? null,
        note: input.note ?? null,
        sourceDepartment: source,
        status: 'NEW',
        assignedTo: null,
        dueOn: null,
        accountId: null,
        createdBy: by.staffId,
        createdAt: rt.clock.now(),
      };
      await insertLead(rt.dataSource, lead);
      return lead;
    },
    async assignLead(id: string, salespersonId: string, dueOn: string): Promise<LeadRow> {
      return move(await current(id), 'ASSIGNED', { assignedTo: salespersonId, dueOn });
    },
    async dismissLead(id: string): Promise<LeadRow> {
      return move(await current(id), 'DISMISSED', {});
    },
    /**
     * The account is opened from the lead (its company name, the salesperson as owner) and the lead marked
     * converted by compare-and-set in the same transaction: of two conversions racing, the second waits on the
     * lead's row, finds it no longer in the status it read and is refused, and its account is rolled back.
     */
    async convertLead(
      id: string,
      input: Omit<CreateAccountInput, 'name'> & { name?: string | null },
      by: Actor,
    ): Promise<{ lead: LeadRow; account: AccountRow }> {
      const lead = await current(id);
      if (!canMoveLead(lead.status, 'CONVERTED')) throw invalidState(`A ${lead.status} lead cannot become CONVERTED`);
      const account = await createAccount(
        {
          ...input,
          name: input.name?.trim() || lead.companyName,
          ownerId: input.ownerId ?? lead.assignedTo ?? undefined,
          contactName: input.contactName ?? lead.contactName ?? undefined,
          contactPhone: input.contactPhone ?? lead.contactPhone ?? undefined,
        } as CreateAccountInput,
        by,
        async (tx, accountId) => {
          if (!(await moveLead(tx, lead.id, lead.status, 'CONVERTED', { accountId }, rt.clock.now())))
            throw invalidState('The lead changed meanwhile; reload it');
        },
      );
      return { lead: (await leadsByIds(rt.dataSource, [lead.id]))[0]!, account };
    },
    salesLeads: leadsPage,
    leadsByIds,
  };
}
