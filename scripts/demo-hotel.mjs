// The demo hotel: a handful of guests, two companies, a few stays, a member and a complaint, so every part of
// the arrival brief has something to show. Loaded through the gateway with the contract's own operations.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentId = (body17) =>
  body17 + '10X98765432'[[...body17].reduce((t, d, i) => t + Number(d) * WEIGHTS[i], 0) % 11];

const GUESTS = [
  {
    fullName: '王小明',
    phone: '18600000001',
    email: 'wang.xiaoming@example.com',
    gender: 'MALE',
    birthDate: '1982-04-12',
    segment: 'BUSINESS',
    id: '11010519820412301',
  },
  {
    fullName: '李娜',
    phone: '18600000002',
    email: 'li.na@example.com',
    gender: 'FEMALE',
    birthDate: '1990-09-03',
    segment: 'LEISURE',
    id: '31010419900903262',
  },
  {
    fullName: 'Emma Schmidt',
    phone: '+49 151 2345 6789',
    email: 'emma.schmidt@example.de',
    gender: 'FEMALE',
    segment: 'CONFERENCE',
    nationality: 'DE',
  },
  {
    fullName: '陈建国',
    phone: '13900000004',
    email: 'chen.jianguo@example.com',
    gender: 'MALE',
    birthDate: '1968-12-24',
    segment: 'LONG_STAY',
    id: '44030419681224551',
  },
];

export async function demoHotel(call) {
  const ids = [];
  for (const g of GUESTS) {
    const input = {
      fullName: g.fullName,
      phone: g.phone,
      email: g.email,
      gender: g.gender,
      segment: g.segment,
      ...(g.birthDate ? { birthDate: g.birthDate } : {}),
      nationality: g.nationality ?? 'CN',
      marketingConsent: true,
      ...(g.id ? { idDocument: { type: 'RESIDENT_ID', number: residentId(g.id) } } : {}),
    };
    const { registerGuest } = await call(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input },
    );
    ids.push(registerGuest.id);
  }
  const [wang, li, emma, chen] = ids;
  const pref = (guestId, category, value) =>
    call('mutation($g: ID!, $i: PreferenceInput!) { recordPreference(guestId: $g, input: $i) { id } }', {
      g: guestId,
      i: { category, value },
    });
  await pref(wang, 'PILLOW', 'Buckwheat pillow');
  await pref(wang, 'TEA_COFFEE', 'Longjing tea, no sugar');
  await pref(li, 'ROOM_TEMPERATURE', '24°C');
  await pref(emma, 'DIET', 'Vegetarian');

  const account = async (input) =>
    (await call('mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }', { input }))
      .createAccount.id;
  const huawei = await account({
    name: '华为技术有限公司',
    type: 'CORPORATE',
    grade: 'A',
    industry: 'Technology',
    contactName: '刘经理',
    contactPhone: '075528780808',
    negotiatedRate: '688.00',
    discountPercent: 20,
  });
  const ctrip = await account({ name: '携程旅行网', type: 'OTA', grade: 'B', industry: 'Travel' });
  await call('mutation($g: ID!, $a: ID!) { linkGuestToAccount(guestId: $g, accountId: $a) { id } }', {
    g: wang,
    a: huawei,
  });
  await call('mutation($a: ID!, $i: CreditTermsInput!) { setCreditTerms(accountId: $a, input: $i) { limit } }', {
    a: huawei,
    i: { limit: '50000.00', termDays: 30, rating: 'AA' },
  });

  await call('mutation($g: ID!) { enrollMember(guestId: $g) { number } }', { g: wang });
  await call('mutation($g: ID!) { enrollMember(guestId: $g) { number } }', { g: li });

  // Check-in takes only the hotel's today (issue 23): the demo's stays arrive today, the past ones leave today.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: process.env.HOTEL_TIME_ZONE || 'Asia/Shanghai' }).format(
    new Date(),
  );
  const inDays = (n) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
  const stay = async (guestId, nights, nightlyRate, paymentMethod, accountId, charges) => {
    const [arrivalDate, departureDate] = [today, inDays(nights)];
    const { checkIn } = await call('mutation($input: CheckInInput!) { checkIn(input: $input) { id } }', {
      input: {
        guestId,
        propertyCode: 'SHA01',
        roomType: 'DELUXE_KING',
        arrivalDate,
        departureDate,
        nightlyRate,
        paymentMethod,
        accountId,
        purpose: 'BUSINESS',
      },
    });
    if (charges)
      await call('mutation($s: ID!, $c: [ChargeInput!]!) { checkOut(stayId: $s, charges: $c) { id } }', {
        s: checkIn.id,
        c: charges,
      });
    return checkIn.id;
  };
  const wangStay = await stay(wang, 3, '688.00', 'DIRECT_BILL', huawei, [
    { outlet: 'ROOM', amount: '2064.00' },
    { outlet: 'FOOD_AND_BEVERAGE', amount: '386.50' },
  ]);
  await stay(li, 2, '899.00', 'CARD', null, [
    { outlet: 'ROOM', amount: '1798.00' },
    { outlet: 'SPA', amount: '580.00' },
  ]);
  await stay(chen, 30, '420.00', 'MOBILE', ctrip, null);
  await call('mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', {
    input: {
      guestId: wang,
      stayId: wangStay,
      channel: 'FRONT_DESK',
      category: 'NOISE',
      severity: 'MEDIUM',
      description: '隔壁房间深夜喧哗 (noise from the next room late at night)',
    },
  });
}
