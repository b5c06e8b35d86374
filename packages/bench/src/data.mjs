// The seeded hotel group, as pure functions of (seed, index): the seed writes it, the bench rebuilds the same
// guests (clear ID numbers, phones, typo'd names) to search for without reading them back.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHINESE_GIVEN_NAMES, CHINESE_SURNAMES, seededRandom } from '@guest-graph/testing';

export const SEED = 20261123;
export const PROPERTIES = ['SHA01', 'PEK01', 'CAN01', 'SZX01', 'HGH01', 'CTU01', 'XMN01', 'SYX01'];
export const ROOM_TYPES = [
  ['SUPERIOR', 588],
  ['DELUXE', 788],
  ['EXECUTIVE', 1088],
  ['SUITE', 1888],
];

const root = join(import.meta.dirname, '../../..');
/** The guests service's own rules, from its build: what the seed writes is what the service would write. */
export async function guestsDomain() {
  const mod = (p) => import(pathToFileURL(join(root, 'services/guests/dist/domain', p)).href);
  const [profile, doc, vault, prefs] = await Promise.all([
    mod('guest-profile.js'),
    mod('id-document.js'),
    mod('id-vault.js'),
    mod('preferences.js'),
  ]);
  return {
    phoneDigits: profile.phoneDigits,
    searchName: profile.searchName,
    completeResidentId: doc.completeResidentId,
    normaliseDocumentNumber: doc.normaliseDocumentNumber,
    normaliseValue: prefs.normaliseValue,
    // The same keys as the bench's services, which run as development unless told otherwise (bench.mjs).
    vault: new vault.IdVault(
      vault.idVaultKeysFrom({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' }),
    ),
  };
}

export const rngFor = (kind, i) => seededRandom((SEED ^ Math.imul(i + 1, 2654435761) ^ Math.imul(kind, 40503)) >>> 0);

/** Deterministic v4-shaped ids: the entity kind in the first group, the index in the last. */
export const uid = (kind, i) =>
  `${kind.toString(16).padStart(8, '0')}-${((i / 2 ** 48) >>> 0).toString(16).padStart(4, '0')}-4000-8000-${(i % 2 ** 48).toString(16).padStart(12, '0')}`;
export const K = {
  guest: 0xa1,
  phone: 0xa2,
  email: 0xa3,
  pref: 0xa4,
  stay: 0xa5,
  charge: 0xa6,
  account: 0xb1,
  membership: 0xc1,
  entry: 0xc2,
  caseId: 0xd1,
  comp: 0xd2,
  invoice: 0xe1,
  payment: 0xe2,
  alloc: 0xe3,
  event: 0xf1,
};

const SURNAMES = CHINESE_SURNAMES;
const GIVEN = CHINESE_GIVEN_NAMES;
const LATIN_FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Emma',
  'Thomas',
  'Sophie',
  'Daniel',
  'Laura',
  'Hans',
  'Anna',
  'Pierre',
  'Marie',
  'Kenji',
  'Yuki',
  'Min-jun',
  'Ji-woo',
  'Oliver',
  'Charlotte',
  'Lucas',
  'Chloé',
  'Mateo',
  'Isabella',
  'Ahmed',
  'Fatima',
];
const LATIN_LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Taylor',
  'Müller',
  'Schmidt',
  'Dubois',
  'Martin',
  'Rossi',
  'García',
  'Tanaka',
  'Suzuki',
  'Kim',
  'Park',
  'Nguyen',
  'Anderson',
  'Thompson',
  'Moore',
  'Clarke',
  'Lefèvre',
  'Fischer',
  'Weber',
  'Hoffmann',
  'Sato',
  'Watanabe',
];
const FOREIGN_NATIONS = ['US', 'GB', 'DE', 'FR', 'JP', 'KR', 'SG', 'AU', 'CA', 'IT', 'ES'];
const REGIONS = [
  '110101',
  '110105',
  '310101',
  '310104',
  '310115',
  '440103',
  '440106',
  '440304',
  '440305',
  '330102',
  '330106',
  '510104',
  '510107',
  '320102',
  '320106',
  '420102',
  '430102',
  '350203',
  '370202',
  '210202',
  '120101',
  '500103',
  '610103',
  '460105',
];
const PHONE_PREFIX = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '158',
  '159',
  '166',
  '177',
  '180',
  '181',
  '186',
  '187',
  '188',
  '189',
  '199',
];
export const PREFERENCES = [
  ['PILLOW', ['荞麦枕', '羽绒枕', 'Memory foam pillow', '低枕']],
  ['ROOM_TEMPERATURE', ['22°C', '24°C', '20°C']],
  ['ROOM_TYPE', ['高楼层 high floor', '安静房 quiet room', 'Twin beds', '无烟房']],
  ['TEA_COFFEE', ['铁观音', '龙井', 'Espresso', '普洱', '红茶']],
  ['DIET', ['清淡', 'No pork', 'Vegetarian', '不吃辣', 'Halal']],
  ['TOILETRIES', ['Hypoallergenic', '儿童洗漱用品']],
  ['READING', ['参考消息', 'China Daily', 'Financial Times']],
  ['BATH_WATER', ['Hot bath drawn at 22:00', '浴缸']],
];

/** Guest number i: identity, contacts and document, the same every run. */
export function guestProfile(i, d, taken) {
  const r = rngFor(1, i);
  const foreign = r.chance(0.15);
  let fullName;
  let latinName;
  let nationality;
  let idType;
  let idNumber;
  const birthDays = 7300 + r.int(18250); // born 1940..1990ish: 20-70 years before 2010
  const birth = new Date(Date.UTC(1940, 0, 1) + birthDays * 86_400_000);
  const birthDate = birth.toISOString().slice(0, 10);
  if (foreign) {
    const first = r.pick(LATIN_FIRST);
    const last = r.pick(LATIN_LAST);
    fullName = `${first} ${last}`;
    latinName = null;
    nationality = r.pick(FOREIGN_NATIONS);
    idType = 'PASSPORT';
    idNumber = `${nationality.slice(0, 1)}${String(10_000_000 + i).padStart(8, '0')}`;
  } else {
    const s = r.pick(SURNAMES);
    const g1 = r.pick(GIVEN);
    const g2 = r.chance(0.7) ? r.pick(GIVEN) : null;
    fullName = `${s[0]}${g1[0]}${g2?.[0] ?? ''}`;
    latinName = `${s[1]} ${g1[1]}${g2 ? g2[1].toLowerCase() : ''}`;
    nationality = 'CN';
    idType = 'RESIDENT_ID';
    const region = r.pick(REGIONS);
    const ymd = birthDate.replace(/-/g, '');
    let seq = r.int(1000);
    let first17 = `${region}${ymd}${String(seq).padStart(3, '0')}`;
    // Resident IDs are unique: redraw the sequence number on a clash (the set is only kept while seeding).
    while (taken?.has(first17)) {
      seq = (seq + 1) % 1000;
      first17 = `${region}${ymd}${String(seq).padStart(3, '0')}`;
    }
    taken?.add(first17);
    idNumber = d.completeResidentId(first17);
  }
  const gender = idType === 'RESIDENT_ID' ? (Number(idNumber[16]) % 2 ? 'MALE' : 'FEMALE') : r.pick(['MALE', 'FEMALE']);
  const mobile = `${r.pick(PHONE_PREFIX)}${String(r.int(100_000_000)).padStart(8, '0')}`;
  const phone = foreign
    ? `+44 7${mobile.slice(2)}`
    : r.chance(0.5)
      ? `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`
      : mobile;
  const email = r.chance(0.6)
    ? `${(latinName ?? fullName).toLowerCase().replace(/[^a-z]+/g, '.')}.${i}@${r.pick(['qq.com', '163.com', 'gmail.com', 'example.com', 'outlook.com'])}`
    : null;
  const segment = r.pick(['BUSINESS', 'BUSINESS', 'LEISURE', 'LEISURE', 'CONFERENCE', 'LONG_STAY', 'OTHER']);
  const vip = r.chance(0.02);
  return { i, fullName, latinName, nationality, idType, idNumber, gender, birthDate, phone, email, segment, vip, r };
}

/** A typo a desk clerk makes: two neighbouring letters swapped, or one dropped. */
export function typo(s, r) {
  const chars = [...s];
  const letters = chars.map((c, k) => (/[a-z]/i.test(c) ? k : -1)).filter((k) => k > 0);
  if (letters.length < 3) return s;
  const k = letters[1 + r.int(letters.length - 2)];
  if (r.chance(0.5) && /[a-z]/i.test(chars[k + 1] ?? '')) [chars[k], chars[k + 1]] = [chars[k + 1], chars[k]];
  else chars.splice(k, 1);
  return chars.join('');
}
