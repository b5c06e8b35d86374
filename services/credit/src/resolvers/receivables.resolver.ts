import { badInput, daysBetween, guarded, isUuid, type RequestContext, requestKey } from '@guest-graph/subgraph-kit';
import { readInvoice, takePayment } from '../application/credit-file.js';
import type { App } from '../application/index.js';
import { CREDIT_OFFICERS } from '../domain/access.js';
import { loaders } from './loaders.js';

export const receivablesResolvers = (app: App) => ({
  Query: {
    invoice: guarded(CREDIT_OFFICERS, (_: unknown, { id }: { id: string }) =>
      isUuid(id) ? readInvoice(app, id) : null,
    ),
  },
  Mutation: {
    recordPayment: guarded(
      CREDIT_OFFICERS,
      (
        _: unknown,
        args: {
          accountId: string;
          amount: string;
          receivedOn?: string | null;
          reference?: string | null;
          invoiceIds?: string[] | null;
          requestId?: string | null;
        },
        ctx,
      ) => {
        const once = requestKey(ctx.identity.sub, 'recordPayment', args.requestId, 'requestId');
        args.invoiceIds?.forEach((id, i) => {
          if (!isUuid(id)) throw badInput(`invoiceIds.${i}`, `${id} is not an invoice id`);
        });
        if (args.reference && args.reference.length > 200) throw badInput('reference', 'reference is too long');
        if (args.receivedOn && daysBetween(app.clock.today(), args.receivedOn) > 0)
          throw badInput('receivedOn', 'receivedOn is in the future');
        return takePayment(
          app,
          {
            accountId: args.accountId,
            amount: args.amount,
            receivedOn: args.receivedOn ?? app.clock.today(),
            reference: args.reference ?? null,
            invoiceIds: args.invoiceIds ?? null,
            recordedBy: ctx.identity.sub,
          },
          once,
        );
      },
    ),
  },
  Payment: {
    allocations: (p: { id: string }, _: unknown, ctx: RequestContext) => loaders(app, ctx).allocations.load(p.id),
  },
});
