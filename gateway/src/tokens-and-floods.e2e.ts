import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mintToken } from '@guest-graph/auth';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from './gateway.js';

// Trust nothing on the wire: the gateway takes tokens from a hotel's single sign-on (RS256, its JWKS, its
// issuer and audience) and refuses a flood from one address before reading its bodies. `{ __typename }` is
// answered by the gateway itself, so no subgraph needs to run.
const supergraphSdl = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
const ask = async (url: string, authorization?: string, body = JSON.stringify({ query: '{ __typename }' })) => {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });
  const json = (await r.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return `${r.status} ${json.errors?.[0]?.extensions?.code ?? 'OK'}`;
};

describe("tokens from the hotel's single sign-on", () => {
  let jwks: Server;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  let sso: Awaited<ReturnType<typeof generateKeyPair>>;
  const token = (claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sub: 'zhou.min',
      roles: ['GUEST_RELATIONS'],
      iss: 'https://sso.hotel.example',
      aud: 'guest-graph',
      iat: now,
      exp: now + 600,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(sso.privateKey);
  };

  beforeAll(async () => {
    sso = await generateKeyPair('RS256');
    const keys = [{ ...(await exportJWK(sso.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }];
    jwks = createServer((_req, res) => res.end(JSON.stringify({ keys })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    gw = await startGateway({
      supergraphSdl,
      port: 0,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
        AUTH_ISSUER: 'https://sso.hotel.example',
        AUTH_AUDIENCE: 'guest-graph',
      },
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await new Promise((r) => jwks?.close(r));
  });

  it('accepts its RS256 tokens and refuses another audience, another issuer, a long life and a bare dev token', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await ask(gw.url, `Bearer ${await token()}`)).toBe('200 OK');
    expect(await ask(gw.url, `Bearer ${await token({ aud: 'pms' })}`)).toBe('401 UNAUTHENTICATED');
    expect(await ask(gw.url, `Bearer ${await token({ iss: 'https://evil.example' })}`)).toBe('401 UNAUTHENTICATED');
    expect(await ask(gw.url, `Bearer ${await token({ exp: now + 7 * 86_400 })}`)).toBe('401 UNAUTHENTICATED');
    expect(await ask(gw.url, `Bearer ${await token({ nbf: now + 300 })}`)).toBe('401 UNAUTHENTICATED');
    // With an issuer configured, a development token (no iss, no aud) is no longer enough.
    expect(await ask(gw.url, `Bearer ${mintToken(['MANAGER'])}`)).toBe('401 UNAUTHENTICATED');
  });
});

describe('a flood from one address', () => {
  let gw: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    gw = await startGateway({
      supergraphSdl,
      port: 0,
      env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', GATEWAY_ADDRESS_RATE_LIMIT: '5' },
    });
  });
  afterAll(() => gw?.stop());

  it('is refused with 429 before authentication; authenticated requests do not use up the allowance', async () => {
    // The desks behind the hotel's one address: authenticated, as many as the per-caller limit allows.
    const desk = `Bearer ${mintToken(['FRONT_OFFICE'])}`;
    for (let i = 0; i < 12; i++) expect(await ask(gw.url, desk)).toBe('200 OK');
    // Anonymous requests with 1 MB bodies: five are read and refused for want of a token, then none is read.
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(999_000) } });
    const anonymous = [];
    for (let i = 0; i < 8; i++) anonymous.push(await ask(gw.url, undefined, big));
    expect(anonymous).toEqual([...Array(5).fill('401 UNAUTHENTICATED'), ...Array(3).fill('429 RATE_LIMITED')]);
    // The address is over its allowance now, for everyone behind it, until it refills.
    expect(await ask(gw.url, desk)).toBe('429 RATE_LIMITED');
  });
});
