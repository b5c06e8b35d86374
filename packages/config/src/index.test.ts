import { describe, expect, it } from 'vitest';
import { ConfigError, devDefault, loadConfig, platformSpec, port, settingsOf, z } from './index.js';

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

describe('service settings', () => {
  it('fills every default and types the values', () => {
    const s = settingsOf('credit', {});
    expect(s).toEqual({
      CREDIT_COLLECTION_DAYS: undefined,
      CREDIT_COLLECTION_EVERY_MS: 3_600_000,
      CREDIT_AUTHORIZATION_WINDOW_MS: 1_800_000,
    });
    expect(settingsOf('service-recovery', { SERVICE_RECOVERY_SLA_CHECK_MS: '86400000' })).toMatchObject({
      SERVICE_RECOVERY_SLA_CHECK_MS: 86_400_000,
      SERVICE_RECOVERY_REPEAT_WINDOW_DAYS: 90,
    });
  });

  it('refuses a typo, a value out of bounds and naming each variable', () => {
    const problems = (name: Parameters<typeof settingsOf>[0], env: Record<string, string>) => {
      try {
        settingsOf(name, env);
        return expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems.map((p) => p.variable);
      }
    };
    // Before the schema, `Number('1h')` was NaN and the collection job ran every millisecond.
    expect(problems('credit', { CREDIT_COLLECTION_EVERY_MS: '1h', CREDIT_AUTHORIZATION_WINDOW_MS: '0' })).toEqual([
      'CREDIT_COLLECTION_EVERY_MS',
      'CREDIT_AUTHORIZATION_WINDOW_MS',
    ]);
    expect(problems('service-recovery', { SERVICE_RECOVERY_SLA_CHECK_MS: '0' })).toEqual([
      'SERVICE_RECOVERY_SLA_CHECK_MS',
    ]);
    expect(problems('loyalty', { LOYALTY_POINTS_EXPIRY_MONTHS: '1.5' })).toEqual(['LOYALTY_POINTS_EXPIRY_MONTHS']);
    expect(problems('guests', { GUESTS_CREDIT_TIMEOUT_MS: '-1', GUESTS_ID_INDEX_KEY: 'ab' })).toEqual([
      'GUESTS_CREDIT_TIMEOUT_MS',
      'GUESTS_ID_INDEX_KEY',
    ]);
    expect(problems('accounts', { ACCOUNTS_RENEWAL_ALERT_DAYS: 'sixty' })).toEqual(['ACCOUNTS_RENEWAL_ALERT_DAYS']);
    expect(() => loadConfig(platformSpec, { DB_POOL_SIZE: 'ten' })).toThrowError(/DB_POOL_SIZE: is malformed/);
  });
});

describe('a NATS cluster', () => {
  it('takes every node of NATS_URL and a replica count for the streams, one by default', () => {
    const one = loadConfig(platformSpec, {});
    expect([one.NATS_URL, one.EVENTS_STREAM_REPLICAS]).toEqual(['nats://127.0.0.1:4222', 1]);
    const three = loadConfig(platformSpec, {
      NATS_URL: 'nats://n1:4222, nats://n2:4222,nats://user:pass@n3:4222',
      EVENTS_STREAM_REPLICAS: '3',
    });
    expect(three.EVENTS_STREAM_REPLICAS).toBe(3);
  });

  it('refuses a replica count a cluster cannot hold and a list that is not of servers', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(platformSpec, env);
        return expect.unreachable();
      } catch (e) {
        return (e as ConfigError).problems.map((p) => p.variable);
      }
    };
    expect(problems({ EVENTS_STREAM_REPLICAS: '0' })).toEqual(['EVENTS_STREAM_REPLICAS']);
    expect(problems({ EVENTS_STREAM_REPLICAS: 'three' })).toEqual(['EVENTS_STREAM_REPLICAS']);
    expect(problems({ EVENTS_STREAM_REPLICAS: '7' })).toEqual(['EVENTS_STREAM_REPLICAS']);
    expect(problems({ NATS_URL: 'nats://n1:4222;nats://n2:4222' })).toEqual(['NATS_URL']);
    expect(problems({ NATS_URL: 'nats://n1:4222,,nats://n2:4222' })).toEqual(['NATS_URL']);
  });
});
