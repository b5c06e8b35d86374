import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../../..');
const imp = (p) => import(pathToFileURL(join(root, p)).href);
const { mintToken, signIdentity } = await imp('packages/auth/dist/index.js');
const { DEV_PROOF_SECRET } = await import('@guest-graph/testing');
const DB = 'postgres://postgres@127.0.0.1:5432/hotel_bench_reporting';
const B = 4800;
const S = [
  ['guests', B + 1],
  ['accounts', B + 2],
  ['service-recovery', B + 3],
  ['loyalty', B + 4],
  ['credit', B + 5],
];
const env = {
  ...process.env,
  DATABASE_URL: DB,
  NATS_NAMESPACE: 'prof' + process.pid,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
  GATEWAY_WORKERS: '1',
  GATEWAY_RATE_LIMIT: '0',
  APOLLO_TELEMETRY_DISABLED: '1',
};
for (const [n, p] of S) {
  env[`${n.toUpperCase().replace(/-/g, '_')}_PORT`] = String(p);
  env[`${n.toUpperCase().replace(/-/g, '_')}_URL`] = `http://127.0.0.1:${p}/graphql`;
}
const kids = [];
for (const [n] of S)
  kids.push(spawn(process.execPath, [join(root, `services/${n}/dist/main.js`)], { env, stdio: 'inherit' }));
kids.push(
  spawn(process.execPath, [join(root, 'gateway/dist/main.js')], {
    env: { ...env, GATEWAY_PORT: String(B) },
    stdio: 'inherit',
  }),
);
const proof = signIdentity(
  { sub: 'b', name: 'b', roles: ['ANALYST'] },
  process.env.GATEWAY_PROOF_SECRET ?? DEV_PROOF_SECRET,
  7200,
);
const tok = mintToken(['ANALYST']);
const post = async (port, query, variables, headers) => {
  const t = performance.now();
  const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const j = await r.json();
  return { ms: Math.round(performance.now() - t), j };
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 0; i < 120; i++) {
  try {
    const r = await fetch(`http://127.0.0.1:${B}/health`);
    if (r.ok) break;
  } catch {}
  await sleep(500);
}
await sleep(2000);
const Q = `query($from: Date!, $to: Date!, $first: Int!) { staysCheckedOut(from: $from, to: $to, first: $first) { edges { node { id propertyCode arrivalDate departureDate nights roomType paymentMethod purpose totalSpend guest { id segment value { valueTier lifecycleStage } } account { id grade type } pointsEarned cases { id category severity } } } } }`;
const G = `query($from: Date!, $to: Date!, $first: Int!) { staysCheckedOut(from: $from, to: $to, first: $first) { edges { node { id propertyCode arrivalDate departureDate nights roomType paymentMethod purpose totalSpend guest { id segment value { valueTier lifecycleStage } } account { id } } } } }`;
const G0 = `query($from: Date!, $to: Date!, $first: Int!) { staysCheckedOut(from: $from, to: $to, first: $first) { edges { node { id propertyCode departureDate totalSpend } } } }`;
const v = { from: '2026-01-01', to: '2026-06-30', first: 500 };
const gh = { 'x-guest-graph-identity': proof.identity ?? '', ...proof };
const hdr = typeof proof === 'object' ? proof : {};
for (let round = 0; round < 3; round++) {
  const a = await post(B, Q, v, { authorization: `Bearer ${tok}` });
  const g = await post(B + 1, G, v, hdr);
  const g0 = await post(B + 1, G0, v, hdr);
  const g1 = await post(B + 1, G0.replace('totalSpend', 'totalSpend guest { id }'), v, hdr);
  const g2 = await post(B + 1, G0.replace('totalSpend', 'totalSpend guest { id segment }'), v, hdr);
  const g3 = await post(B + 1, G0.replace('totalSpend', 'totalSpend guest { id value { valueTier } }'), v, hdr);
  console.log({ gId: g1.ms, gSeg: g2.ms, gVal: g3.ms });
  const ids = g.j.data?.staysCheckedOut.edges.map((e) => e.node.id) ?? [];
  const reps = ids.map((id) => ({ __typename: 'Stay', id }));
  const l = await post(
    B + 4,
    'query($r:[_Any!]!){_entities(representations:$r){... on Stay{pointsEarned}}}',
    { r: reps },
    hdr,
  );
  const sr = await post(
    B + 3,
    'query($r:[_Any!]!){_entities(representations:$r){... on Stay{cases{id category severity}}}}',
    { r: reps },
    hdr,
  );
  console.log({
    gateway: a.ms,
    err: a.j.errors?.[0]?.message,
    guests: g.ms,
    gerr: g.j.errors?.[0]?.message,
    guestsBare: g0.ms,
    loyalty: l.ms,
    lerr: l.j.errors?.[0]?.message,
    sr: sr.ms,
  });
}
for (const k of kids) k.kill('SIGTERM');
await sleep(1000);
process.exit(0);
