import { describe, expect, it } from 'vitest';
import { ConfigError, devDefault, loadConfig, platformSpec, port, z } from './index.js';

describe('loadConfig', () => {
  const spec = { SECRET: devDefault(z.string().min(4), 'dev-secret'), PORT: port(4000) };

  it('fills development defaults outside production', () => {
    expect(loadConfig(spec, { NODE_ENV: 'development' })).toEqual({ SECRET: 'dev-secret', PORT: 4000 });
  });

  it('names the missing variable in production', () => {
    expect(() => loadConfig(spec, { NODE_ENV: 'production' })).toThrowError(/SECRET: is required/);
  });

  it('names a malformed variable', () => {
    try {
      loadConfig(spec, { PORT: 'abc' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.variable)).toEqual(['PORT']);
    }
  });
});

describe('HOTEL_TIME_ZONE', () => {
  it('defaults to Beijing time and accepts any IANA zone', () => {
    expect(loadConfig(platformSpec, {}).HOTEL_TIME_ZONE).toBe('Asia/Shanghai');
    expect(loadConfig(platformSpec, { HOTEL_TIME_ZONE: 'Europe/Paris' }).HOTEL_TIME_ZONE).toBe('Europe/Paris');
  });

  it('refuses a zone that does not exist', () => {
    expect(() => loadConfig(platformSpec, { HOTEL_TIME_ZONE: 'Asia/Atlantis' })).toThrowError(
      /HOTEL_TIME_ZONE: is malformed/,
    );
  });
});
