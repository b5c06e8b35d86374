// A small demo hotel, loaded through the gateway like any terminal would. Idempotent: it looks for its
// marker guest first and adds nothing when the hotel is already there.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib.mjs';

export async function seedDemoHotel(url) {
  const { mintToken } = await import(pathToFileURL(join(root, 'packages/auth/dist/index.js')).href);
  const token = mintToken(['MANAGER'], { sub: 'demo-seed', name: 'Demo seed' });
  const call = async (query, variables = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  };
  const schema = await call('{ __schema { mutationType { fields { name } } } }').catch(() => null);
  const mutations = new Set(schema?.__schema?.mutationType?.fields?.map((f) => f.name) ?? []);
  if (!mutations.has('registerGuest')) {
    console.log('demo seed: the guests service has no registerGuest yet; nothing seeded');
    return;
  }
  const existing = await call('query($t: String!) { searchGuests(text: $t, first: 1) { id } }', { t: '18600000001' });
  if (existing.searchGuests.length) {
    console.log('demo seed: the demo hotel is already there');
    return;
  }
  const { demoHotel } = await import('./demo-hotel.mjs');
  await demoHotel(call, mutations);
  console.log('demo seed: the demo hotel is loaded');
}
