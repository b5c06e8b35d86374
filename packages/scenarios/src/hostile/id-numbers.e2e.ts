import { execFileSync } from 'node:child_process';
import { arrivingToday } from '@guest-graph/testing';
import { describe, expect, it } from 'vitest';
import { contract, ok } from '../support/graph.js';
import { loggedGraph } from '../support/logged-graph.js';
import { residentId, uniqueName } from '../support/people.js';

// Contract README: no query returns a full document number. Here nothing else does either: no log line (at
// debug level, every service and the gateway), no database column, no error message. The one way to see a
// number is revealIdDocument, and every reveal (and every search by a number) leaves an audit row.
describe('full ID numbers stay in the vault', () => {
  const { lines, responses, as, databaseUrl, eventsPublished } = loggedGraph('idnumbers');

  it('never answers, logs or stores one, and audits every reveal', async () => {
    const numbers = [residentId('19790101'), residentId('19900228'), 'E12345678', 'H8765432109'];
    const types = ['RESIDENT_ID', 'RESIDENT_ID', 'PASSPORT', 'HK_MACAO_PERMIT'];
    const desk = as('FRONT_OFFICE');
    const ids: string[] = [];
    for (const [i, number] of numbers.entries()) {
      const res = await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('钱伟'), idDocument: { type: types[i], number } },
      });
      ids.push(ok(res).registerGuest.id);
    }
    // The ways a number travels: a duplicate, a typo in the check digit, a search by number, a stay, the brief.
    const dup = await desk(contract.RegisterGuest, {
      input: { fullName: uniqueName('钱伟'), idDocument: { type: 'RESIDENT_ID', number: numbers[0] } },
    });
    expect(dup.errors?.[0]?.extensions?.code).toBe('DUPLICATE_GUEST');
    const typo = `${numbers[1]!.slice(0, 17)}${numbers[1]!.endsWith('0') ? '1' : '0'}`;
    const refused = await desk(contract.RegisterGuest, {
      input: { fullName: 'x', idDocument: { type: 'RESIDENT_ID', number: typo } },
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idDocument.number' });
    const found = ok(await desk<{ searchGuests: { id: string }[] }>(contract.FindGuests, { text: numbers[0] }));
    expect(found.searchGuests.map((g) => g.id)).toContain(ids[0]);
    const stay = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId: ids[0],
          propertyCode: 'SHA01',
          roomType: 'KING',
          ...arrivingToday(1),
          nightlyRate: '500.00',
          paymentMethod: 'CASH',
        },
      }),
    ).checkIn.id;
    ok(await desk(contract.CheckOut, { stayId: stay, charges: [{ outlet: 'ROOM', amount: '500.00' }] }));
    for (const [i, id] of ids.entries()) {
      const brief = ok(
        await as('MANAGER')<{ guest: { idDocument: { type: string; maskedNumber: string } } }>(contract.ArrivalBrief, {
          id,
        }),
      );
      expect(brief.guest.idDocument.maskedNumber.endsWith(numbers[i]!.slice(-4))).toBe(true);
    }

    // Reveals: refused without the role (and not audited), audited with it.
    const reveal = 'mutation($g: ID!, $r: String!) { revealIdDocument(guestId: $g, reason: $r) { type number } }';
    const denied = await as('HOUSEKEEPING')(reveal, { g: ids[0], r: 'Police request 2026-118' });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const shown = ok(
      await as('FRONT_OFFICE')<{ revealIdDocument: { number: string } }>(reveal, {
        g: ids[0],
        r: 'Police request 2026-118',
      }),
    );
    expect(shown.revealIdDocument.number).toBe(numbers[0]);
    responses.pop(); // the one answer allowed to hold it
    const audit = ok(
      await as('MANAGER')<{
        idDocumentReveals: { guestId: string; staffId: string; reason: string; roles: string[] }[];
      }>('query($g: ID) { idDocumentReveals(guestId: $g) { guestId staffId reason roles } }', { g: ids[0] }),
    );
    // Newest first: the reveal, then the desk's search by the number (a search by document number is a reveal).
    expect(audit.idDocumentReveals).toEqual([
      { guestId: ids[0], staffId: 'staff-front_office', reason: 'Police request 2026-118', roles: ['FRONT_OFFICE'] },
      {
        guestId: ids[0],
        staffId: 'staff-front_office',
        reason: 'Searched by document number',
        roles: ['FRONT_OFFICE'],
      },
    ]);

    // Let the events of all this be consumed, so their traces are in the logs and tables too.
    await eventsPublished();
    const dump = execFileSync('pg_dump', ['--data-only', '--no-owner', databaseUrl()], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
    expect(dump).toContain(ids[0]); // the dump is real: it holds the guests
    expect(lines.join('').length).toBeGreaterThan(1000); // and so are the logs
    const leaks: string[] = [];
    for (const n of [...numbers, typo]) {
      // The number, or all of it but the last four that the mask shows.
      for (const fragment of [n, n.slice(0, -4)]) {
        if (responses.some((r) => r.includes(fragment))) leaks.push(`response holds ${fragment}`);
        if (lines.some((l) => l.includes(fragment))) leaks.push(`log holds ${fragment}`);
        if (dump.includes(fragment)) leaks.push(`database holds ${fragment}`);
      }
    }
    console.log(
      `id numbers: ${numbers.length + 1} numbers checked in ${responses.length} responses, ${lines.length} log lines, ${dump.length} bytes of dump`,
    );
    expect(leaks).toEqual([]);
  });
});
