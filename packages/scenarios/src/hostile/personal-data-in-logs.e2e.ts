import { randomInt } from 'node:crypto';
import { arrivingToday } from '@guest-graph/testing';
import { describe, expect, it } from 'vitest';
import { codeOf, contract, ok } from '../support/graph.js';
import { loggedGraph } from '../support/logged-graph.js';
import { phone, residentId } from '../support/people.js';

// No personal data in logs: a guest's whole stay, from registration to check-out, through every service and
// the gateway at debug level, leaves none of the guest's values in any log line; nor does a database error
// whose SQL parameters and failing row hold them.
describe('personal data stays out of the logs', () => {
  const { lines, as, guests, eventsPublished } = loggedGraph('pii_logs');

  /** A guest's personal values, unlikely to occur in a log line by chance. */
  const person = () => {
    const n = randomInt(100_000, 999_999);
    return {
      // No digits: search text with digits is never taken for a name.
      fullName: `钱${[...String(n)].map((d) => '晓燕雪梅丽华静敏秀英'[Number(d)]).join('')}`,
      latinName: `Qian Xiaoyan ${[...String(n)].map((d) => 'abcdefghij'[Number(d)]).join('')}`,
      birthDate: `19${randomInt(40, 99)}-0${randomInt(1, 9)}-1${randomInt(1, 9)}`,
      phone: phone(),
      email: `qian.xiaoyan.${n}@example.com`,
      otherPhone: phone(),
      otherEmail: `xy.${n}@corp.example.cn`,
      address: `上海市黄浦区南京东路${n}号`,
      idNumber: residentId('19830719'),
      notes: `Allergic to peanuts, ask for ${n}`,
    };
  };
  const registration = (p: ReturnType<typeof person>) => ({
    fullName: p.fullName,
    latinName: p.latinName,
    birthDate: p.birthDate,
    phone: p.phone,
    email: p.email,
    otherPhones: [p.otherPhone],
    otherEmails: [p.otherEmail],
    address: p.address,
    notes: p.notes,
    idDocument: { type: 'RESIDENT_ID', number: p.idNumber },
  });
  const leaksOf = (values: Record<string, string>, within: string[]) =>
    Object.entries(values).flatMap(([what, value]) =>
      within.filter((l) => l.includes(value)).map((l) => `${what} (${value}) in ${l.slice(0, 300)}`),
    );

  it('a guest registered, updated, searched, checked in and out leaves no personal value in any log line', async () => {
    const desk = as('FRONT_OFFICE');
    const guest = person();
    const moved = person();
    const id = ok(await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, { input: registration(guest) }))
      .registerGuest.id;
    ok(
      await desk('mutation($id: ID!, $input: UpdateGuestInput!) { updateGuest(id: $id, input: $input) { id } }', {
        id,
        input: {
          address: moved.address,
          birthDate: moved.birthDate,
          latinName: moved.latinName,
          notes: moved.notes,
          phones: [{ number: moved.phone, primary: true }, { number: guest.phone }],
          emails: [{ address: moved.email, primary: true }],
        },
      }),
    );
    for (const text of [guest.fullName, moved.phone, guest.phone, moved.email, guest.idNumber, moved.latinName]) {
      const found = ok(await desk<{ searchGuests: { id: string }[] }>(contract.FindGuests, { text }));
      expect(
        found.searchGuests.map((g) => g.id),
        text,
      ).toContain(id);
    }
    // A search that finds nobody is typed personal data too.
    ok(await desk(contract.FindGuests, { text: moved.otherEmail }));
    const stay = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId: id,
          propertyCode: 'SHA01',
          roomType: 'KING',
          ...arrivingToday(1),
          nightlyRate: '500.00',
          paymentMethod: 'CASH',
        },
      }),
    ).checkIn.id;
    ok(await desk(contract.CheckOut, { stayId: stay, charges: [{ outlet: 'ROOM', amount: '500.00' }] }));
    ok(await as('MANAGER')(contract.ArrivalBrief, { id }));
    // Every service has consumed the story's events, so their handling is in the logs too.
    await eventsPublished();

    expect(lines.join('').length).toBeGreaterThan(1000); // the logs are real, at debug level
    expect(leaksOf(guest, lines)).toEqual([]);
    expect(leaksOf(moved, lines)).toEqual([]);
  });

  it('an unexpected database error is logged without its parameters or the failing row', async () => {
    // Postgres now refuses every new guest: the INSERT fails with the guest's values as parameters, and the
    // driver's `detail` repeats the whole failing row.
    await guests().runtime.dataSource.query(
      'ALTER TABLE guests.guest ADD CONSTRAINT log_probe CHECK (false) NOT VALID',
    );
    try {
      const before = lines.length;
      const victim = person();
      const res = await as('FRONT_OFFICE')(contract.RegisterGuest, { input: registration(victim) });
      expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
      const logged = lines.slice(before);
      const line = logged.find((l) => l.includes('unexpected error'));
      expect(line, logged.join('\n')).toBeDefined();
      const err = JSON.parse(line!).err as Record<string, unknown>;
      expect(err).toMatchObject({ type: 'QueryFailedError', code: '23514', constraint: 'log_probe' });
      expect(Object.keys(err)).not.toEqual(expect.arrayContaining(['parameters']));
      for (const key of ['parameters', 'query', 'driverError', 'detail']) expect(err).not.toHaveProperty(key);
      expect(leaksOf(victim, logged)).toEqual([]);
    } finally {
      await guests().runtime.dataSource.query('ALTER TABLE guests.guest DROP CONSTRAINT log_probe');
    }
  });
});
