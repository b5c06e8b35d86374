import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corsPolicy, createLogger, type RunningHttp, serveApollo } from './index.js';

describe('corsPolicy', () => {
  it('outside production allows any localhost or 127.0.0.1 port over http, and the listed origins', () => {
    const dev = corsPolicy(['https://desk.hotel.example/'], false);
    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1:3000',
      'http://localhost',
      'https://desk.hotel.example',
    ])
      expect(dev.allowOrigin(origin), origin).toBe(true);
    for (const origin of ['http://localhost.evil.example', 'http://evil.example', 'http://127.0.0.2:80', 'null'])
      expect(dev.allowOrigin(origin), origin).toBe(false);
  });

  it('in production allows the listed origins only, exactly', () => {
    const prod = corsPolicy(['https://desk.hotel.example', ' https://bi.hotel.example '], true);
    expect(prod.allowOrigin('https://bi.hotel.example')).toBe(true);
    for (const origin of ['http://localhost:5173', 'http://desk.hotel.example', 'https://desk.hotel.example:8443'])
      expect(prod.allowOrigin(origin), origin).toBe(false);
  });
});

describe('request ids', () => {
  let http: RunningHttp;
  let apollo: ApolloServer;
  beforeAll(async () => {
    apollo = new ApolloServer({ typeDefs: 'type Query { a: String }', resolvers: { Query: { a: () => 'a' } } });
    await apollo.start();
    http = await serveApollo({ apollo, port: 0, logger: createLogger('t', 'silent'), context: async () => ({}) });
  });
  afterAll(async () => {
    await http?.close();
    await apollo?.stop();
  });
  const post = (headers: Record<string, string>, body = '{"query":"{ a }"}') =>
    fetch(http.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it("keeps a caller's sane id, replaces anything else with a new one", async () => {
    expect((await post({ 'x-request-id': 'desk-7.42:a_b' })).headers.get('x-request-id')).toBe('desk-7.42:a_b');
    for (const bad of ['two words', 'x'.repeat(101), '<script>'])
      expect((await post({ 'x-request-id': bad })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("puts the id in the layer's own errors (a body that is not JSON)", async () => {
    const res = await post({}, '{not json');
    const body = (await res.json()) as { errors: { extensions: { code: string; requestId: string } }[] };
    expect(res.status).toBe(400);
    expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', requestId: res.headers.get('x-request-id') });
  });
});
