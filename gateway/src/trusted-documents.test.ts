import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildManifest, TRUSTED_DOCUMENT_SOURCES } from './trusted-documents.js';

const root = new URL('../../', import.meta.url);

describe('the trusted documents manifest', () => {
  it('as committed, lists exactly the operations of its sources (run `npm run trusted-documents` after a change)', () => {
    const sources = TRUSTED_DOCUMENT_SOURCES.map((s) => new URL(s, root)).filter((u) => existsSync(u));
    const expected = buildManifest(sources.map((u) => readFileSync(u, 'utf8')));
    const committed = JSON.parse(readFileSync(new URL('gateway/trusted-documents.json', root), 'utf8'));
    expect(committed).toEqual(expected);
    expect(committed.operations.map((o: { name: string }) => o.name)).toContain('ArrivalBrief');
  });

  it('an id is the SHA-256 of the body, fragments included once', () => {
    const m = buildManifest([
      'query A { guest(id: "1") { ...G } } fragment G on Guest { id ...H } fragment H on Guest { fullName }',
      'fragment Unused on Guest { id }',
    ]);
    expect(m.operations).toHaveLength(1);
    expect(m.operations[0]?.body).toMatch(/fragment G on Guest[\s\S]*fragment H on Guest/);
    expect(m.operations[0]?.body).not.toContain('Unused');
    expect(m.operations[0]?.id).toMatch(/^[0-9a-f]{64}$/);
  });
});
