import { loyaltyService } from '@guest-graph/loyalty';
import { serviceRecoveryService } from '@guest-graph/service-recovery';
import { startService } from '@guest-graph/subgraph-kit';
import { arrivingToday, type TestService, testEnv, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

type Brief = {
  guest: {
    id: string;
    fullName: string;
    stays: { id: string }[];
    membership: { pointsBalance: number } | null;
    openCases: { id: string }[] | null;
  };
};

// Issue 9: while a subgraph is down the gateway answers what does not need it in full, and what does with the
// other subgraphs' data and an error on the missing part; when it is back on its port, the gateway recovers
// by itself, and what happened meanwhile reaches it by event.
describe('a subgraph down and back', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  it('serves around loyalty while it is down and recovers on its own when it returns', async () => {
    const desk = graph.as('FRONT_OFFICE');
    const guestId = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('冯岩') },
      }),
    ).registerGuest.id;
    ok(await desk(contract.EnrollMember, { guestId }));
    const accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: `京东 ${uniqueName('')}`, type: 'CORPORATE' },
      }),
    ).createAccount.id;
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '3000.00', termDays: 30 } }));

    const loyalty = graph.services.loyalty!;
    await loyalty.stop();

    // Needs guests, accounts and credit only: whole.
    const credit = await graph.as('FINANCE')<{ account: { credit: { limit: string } } }>(contract.AccountCredit, {
      id: accountId,
    });
    expect(credit.errors).toBeUndefined();
    expect(credit.data?.account.credit.limit).toBe('3000.00');

    // Needs loyalty for one part: the rest, and SERVICE_UNAVAILABLE at that part.
    const brief = await desk<Brief>(contract.ArrivalBrief, { id: guestId });
    expect(brief.data?.guest.id).toBe(guestId);
    expect(brief.data?.guest.fullName).toBeTruthy();
    expect(brief.data?.guest.membership).toBeNull();
    expect(brief.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(brief.errors?.[0]?.path?.slice(0, 2)).toEqual(['guest', 'membership']);

    // A mutation owned by loyalty: refused as unavailable, not as an internal error.
    const other = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('冯岩') },
      }),
    ).registerGuest.id;
    const enrol = await desk(contract.EnrollMember, { guestId: other });
    expect(enrol.data ?? null).toBeNull();
    expect(enrol.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    // Life goes on at the desk: a stay checked out while loyalty is away.
    const stayId = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          ...arrivingToday(1),
          nightlyRate: '420.00',
          paymentMethod: 'CARD',
        },
      }),
    ).checkIn.id;
    ok(await desk(contract.CheckOut, { stayId, charges: [{ outlet: 'ROOM', amount: '420.00' }] }));

    // Back on the same port; the gateway is not restarted.
    const back = await startService(loyaltyService, {
      port: loyalty.port,
      env: testEnv({ DATABASE_URL: loyalty.databaseUrl, NATS_NAMESPACE: loyalty.namespace }),
    });
    graph.services.loyalty = { ...loyalty, ...back } as TestService;
    const after = await waitFor(
      () => desk<Brief>(contract.ArrivalBrief, { id: guestId }),
      (r) => !r.errors && r.data?.guest.membership?.pointsBalance === 420,
    );
    expect(after.data?.guest.stays.map((s) => s.id)).toEqual([stayId]);
    ok(await desk(contract.EnrollMember, { guestId: other }));
  });

  it('serves the brief without its open cases while service-recovery is down', async () => {
    const desk = graph.as('FRONT_OFFICE');
    const guestId = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('冯岩') },
      }),
    ).registerGuest.id;
    const { openCase } = ok(
      await desk<{ openCase: { id: string } }>(contract.OpenCase, {
        input: { guestId, channel: 'FRONT_DESK', category: 'NOISE', severity: 'HIGH', description: 'Party next door' },
      }),
    );
    const recovery = graph.services['service-recovery']!;
    await recovery.stop();
    const brief = await desk<Brief>(contract.ArrivalBrief, { id: guestId });
    // Cases are one part of the brief: the guest is still there, with an error where the cases would be.
    expect(brief.data?.guest.id).toBe(guestId);
    expect(brief.data?.guest.fullName).toBeTruthy();
    expect(brief.data?.guest.openCases).toBeNull();
    expect(brief.errors?.map((e) => [e.extensions?.code, e.path?.slice(0, 2)])).toEqual([
      ['SERVICE_UNAVAILABLE', ['guest', 'openCases']],
    ]);
    const back = await startService(serviceRecoveryService, {
      port: recovery.port,
      env: testEnv({ DATABASE_URL: recovery.databaseUrl, NATS_NAMESPACE: recovery.namespace }),
    });
    graph.services['service-recovery'] = { ...recovery, ...back } as TestService;
    const after = await waitFor(
      () => desk<Brief>(contract.ArrivalBrief, { id: guestId }),
      (r) => !r.errors && (r.data?.guest.openCases?.length ?? 0) > 0,
    );
    expect(after.data?.guest.openCases?.map((c) => c.id)).toEqual([openCase.id]);
  });
});
