// Credit's lines on account and guest timelines (contract README, "Timelines"; only FINANCE, MANAGER and
// SALES read them): amounts in plain words, never a hold's typed reason or a payment's reference.

export const creditLine = {
  invoice: (amount: string) => ({ kind: 'INVOICE_ISSUED' as const, summary: `Invoice issued: ${amount}` }),
  payment: (amount: string) => ({ kind: 'PAYMENT_RECEIVED' as const, summary: `Payment received: ${amount}` }),
  holdPlaced: () => ({ kind: 'CREDIT_HOLD_PLACED' as const, summary: 'Credit hold placed: direct bill refused' }),
  holdReleased: () => ({ kind: 'CREDIT_HOLD_RELEASED' as const, summary: 'Credit hold released' }),
};
