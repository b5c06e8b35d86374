import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASKS, CONSUMERS } from './catalogue/access.js';
import { PRODUCERS, type RequestDefinition } from './catalogue/define.js';
import * as catalogue from './catalogue/index.js';
import {
  catalogueEntries,
  NATS_PASSWORD_FORMAT,
  natsAuthConfig,
  passwordsFromEnvironment,
  randomPasswords,
  servicePermissions,
} from './nats-auth.js';

// The NATS users are derived from the catalogue: these check the derivation itself, and that what the
// services' code consumes is declared (nats-auth.int.ts proves a real nats-server enforces the result).
const repo = (path: string) => new URL(`../../../${path}`, import.meta.url);
const { events, questions } = catalogueEntries();
/** A folder's TypeScript sources (not its tests), by path below it. */
const sourcesOf = (dir: string): Record<string, string> =>
  Object.fromEntries(
    (readdirSync(repo(dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !/\.(test|int|e2e)\.ts$/.test(f))
      .map((f) => [f, readFileSync(repo(`${dir}/${f}`), 'utf8')]),
  );

describe('NATS permissions from the event catalogue', () => {
  it('lets each service publish exactly its own events and ask exactly its own questions', () => {
    for (const service of PRODUCERS) {
      const { publish } = servicePermissions(service, 'hotel');
      for (const e of events)
        expect(publish.allow.includes(`hotel.${e.producer}.${e.name}`), `${service} publishing ${e.name}`).toBe(
          e.producer === service,
        );
      // No wildcard over another service's subjects, and none over the API or the inboxes.
      expect(publish.allow.filter((s) => s.endsWith('>')).sort()).toEqual(
        [
          `hotel.dead-letter.${service}.>`,
          ...Object.keys(CONSUMERS[service]).map((name) => {
            const def = CONSUMERS[service][name]!;
            return `$JS.ACK.hotel_${def.producer}.${service}__${name}.>`;
          }),
        ].sort(),
      );
      for (const q of questions)
        expect(publish.allow.includes(`hotel.rpc.${q.name}`), `${service} asking ${q.name}`).toBe(
          ASKS[service].includes(q),
        );
    }
  });

  it('lets only the responder hear a question, and each service only its own inboxes', () => {
    for (const service of PRODUCERS) {
      const { subscribe, allow_responses } = servicePermissions(service, 'hotel');
      expect(subscribe.allow.sort()).toEqual(
        [
          `_INBOX.${service}.>`,
          ...questions.filter((q) => q.responder === service).map((q) => `hotel.rpc.${q.name}`),
        ].sort(),
      );
      expect(allow_responses).toBe(true);
    }
    expect(servicePermissions('loyalty', 'hotel').subscribe.allow).not.toContain('hotel.rpc.credit.authorize');
    expect(servicePermissions('credit', 'hotel').subscribe.allow).toContain('hotel.rpc.credit.authorize');
  });

  it('declares every consumer the services start (catalogue/access.ts)', () => {
    for (const service of PRODUCERS) {
      const code = readFileSync(repo(`services/${service}/src/events/consumers.ts`), 'utf8');
      const named = [...code.matchAll(/consume\([^,]+,\s*\{\s*name:\s*'([^']+)'/g)].map((m) => m[1]!);
      const templated = [...code.matchAll(/name:\s*`([^`$]+)\$\{/g)].map((m) => m[1]!);
      expect(named.length + templated.length, service).toBeGreaterThan(0);
      for (const name of named) expect(Object.keys(CONSUMERS[service]), service).toContain(name);
      for (const prefix of templated)
        expect(
          Object.keys(CONSUMERS[service]).some((k) => k.startsWith(prefix)),
          `${service} ${prefix}…`,
        ).toBe(true);
      if (code.includes('answerDataRequests(')) expect(Object.keys(CONSUMERS[service])).toContain('data-request');
    }
  });

  it('declares every question the services ask, and none they never ask (catalogue/access.ts)', () => {
    // The places that put a question on the bus for a service: the kit's `askOrUnavailable(bus, def, …)` and
    // the timeline backfill (which asks every other service's `timelineHistory`). A new one is added here.
    const kit = sourcesOf('packages/subgraph-kit/src');
    expect(
      Object.keys(kit)
        .filter((f) => /\.request\(/.test(kit[f]!))
        .sort(),
    ).toEqual(['ask.ts', 'timeline.ts']);
    // A question by the name its catalogue module exports it under (`credit.authorizeCheckOut`).
    const byName = new Map<string, RequestDefinition>();
    for (const m of Object.values(catalogue))
      if (m && typeof m === 'object')
        for (const [name, v] of Object.entries(m)) if (questions.includes(v as RequestDefinition)) byName.set(name, v);
    for (const service of PRODUCERS) {
      const asked = new Set<RequestDefinition>();
      for (const [file, code] of Object.entries(sourcesOf(`services/${service}/src`))) {
        const wrapped = [...code.matchAll(/askOrUnavailable\(\s*[^,()]+,\s*([\w.]+)/g)].map((m) => m[1]!);
        const direct = [...code.matchAll(/\.request\(\s*([\w.]+)/g)].map((m) => m[1]!);
        // Every call read: one this test cannot read (its bus an expression, say) fails here, not silently.
        expect(wrapped.length, `${service} ${file}`).toBe(code.split('askOrUnavailable(').length - 1);
        expect(direct.length, `${service} ${file}`).toBe(code.split('.request(').length - 1);
        const defs = [...wrapped, ...direct];
        for (const expr of defs) {
          const def = byName.get(expr.split('.').at(-1)!);
          expect(def, `${service} ${file} asks ${expr}: not a question of the catalogue`).toBeDefined();
          asked.add(def!);
        }
        if (/\bbackfillTimeline\(|\w+\.backfill\(/.test(code))
          for (const p of PRODUCERS) if (p !== service) asked.add(catalogue.timeline.timelineHistory[p]);
      }
      const names = (qs: Iterable<RequestDefinition>) => [...new Set([...qs].map((q) => q.name))].sort();
      expect(names(ASKS[service]), service).toEqual(names(asked));
    }
  });

  it("matches docker/nats/users.conf, compose's users (regenerate with `npm run nats-config -- --out docker/nats/users.conf`)", () => {
    expect(readFileSync(repo('docker/nats/users.conf'), 'utf8')).toBe(
      natsAuthConfig({ namespace: 'hotel', passwords: passwordsFromEnvironment() }),
    );
  });

  it('makes passwords nats-server reads back from its environment as they are', () => {
    for (const p of Object.values(randomPasswords())) {
      expect(p).toMatch(NATS_PASSWORD_FORMAT);
      expect(p.length).toBeGreaterThanOrEqual(32);
    }
  });
});
