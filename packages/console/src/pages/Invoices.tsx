import { useState } from 'react';
import {
  CollectionStage,
  type ConsoleAccountInvoicesQuery,
  type ConsoleDisputeInvoiceMutation,
  type ConsoleSettleInvoiceDisputeMutation,
} from '../graph.generated';
import { run } from '../graphql';
import { useI18n } from '../i18n';
import { Action, Badge, Loading, useAnswer } from '../ui';

type Connection = NonNullable<NonNullable<NonNullable<ConsoleAccountInvoicesQuery['account']>['credit']>['invoices']>;
export type InvoiceRow = Connection['edges'][number]['node'];

/** An account's open invoices, loaded when finance opens its row on the Receivables page. */
export function AccountInvoices({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const { answer, error } = useAnswer<ConsoleAccountInvoicesQuery>(
    'ConsoleAccountInvoices',
    { accountId },
    `${accountId}:${version}`,
  );
  if (!answer) return <Loading error={error} />;
  const invoices = answer.data.account?.credit?.invoices;
  if (!invoices) return <p className="muted">{t.noTerms}</p>;
  return <InvoiceTable invoices={invoices.edges.map((e) => e.node)} onChanged={() => setVersion(version + 1)} />;
}

/**
 * Open invoices with their collection stage and dispute. Finance opens a dispute (the invoice leaves collection)
 * and settles it, conceding part of the balance as a credit note or nothing; a refusal shows next to the form.
 */
export function InvoiceTable({ invoices, onChanged }: { invoices: InvoiceRow[]; onChanged(): void }) {
  const i = useI18n();
  const { t } = i;
  const [open, setOpen] = useState<string | undefined>();
  if (invoices.length === 0) return <p className="muted">{t.noOpenInvoices}</p>;
  const chosen = invoices.find((v) => v.id === open);
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.invoice}</th>
            <th scope="col">{t.dueOn}</th>
            <th scope="col" className="num">
              {t.amount}
            </th>
            <th scope="col" className="num">
              {t.invoiceBalance}
            </th>
            <th scope="col">{t.collectionStage}</th>
            <th scope="col">{t.dispute}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((v) => (
            <tr key={v.id}>
              <td>{t.invoiceNumber(v.number)}</td>
              <td>
                {i.date(v.dueOn)}
                {v.daysPastDue > 0 && <span className="breached"> ({t.daysOverdue(v.daysPastDue)})</span>}
              </td>
              <td className="num">{i.money(v.amount)}</td>
              <td className="num">{i.money(v.balance)}</td>
              <td>
                {v.disputed ? (
                  <span className="muted">{t.heldByDispute}</span>
                ) : v.collectionStage === CollectionStage.None ? (
                  t.noReminderYet
                ) : (
                  i.label(v.collectionStage)
                )}
              </td>
              <td className="dispute">
                {v.disputed && <Badge tone="red">{t.disputed}</Badge>}
                {v.disputed && v.disputeReason && <span className="muted"> {v.disputeReason}</span>}{' '}
                <button
                  type="button"
                  className="secondary small"
                  aria-expanded={open === v.id}
                  aria-label={v.disputed ? t.settleDisputeOn(v.number) : t.disputeInvoice(v.number)}
                  onClick={() => setOpen(open === v.id ? undefined : v.id)}
                >
                  {v.disputed ? t.settleDispute : t.openDispute}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {chosen &&
        (chosen.disputed ? (
          <Action
            key={`settle-${chosen.id}`}
            name={t.settleDisputeOn(chosen.number)}
            fields={{
              resolution: { label: t.disputeResolution, required: true },
              creditAmount: { label: t.amountConceded, inputMode: 'decimal' },
            }}
            onSubmit={(v) =>
              run<ConsoleSettleInvoiceDisputeMutation>('ConsoleSettleInvoiceDispute', {
                invoiceId: chosen.id,
                resolution: v.resolution.trim(),
                creditAmount: v.creditAmount.trim() || undefined,
              })
            }
            onDone={() => {
              setOpen(undefined);
              onChanged();
            }}
          />
        ) : (
          <Action
            key={`dispute-${chosen.id}`}
            name={t.disputeInvoice(chosen.number)}
            fields={{ reason: { label: t.disputeReason, required: true } }}
            onSubmit={(v) =>
              run<ConsoleDisputeInvoiceMutation>('ConsoleDisputeInvoice', {
                invoiceId: chosen.id,
                reason: v.reason.trim(),
              })
            }
            onDone={() => {
              setOpen(undefined);
              onChanged();
            }}
          />
        ))}
    </>
  );
}
