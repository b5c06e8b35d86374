import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const file = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

type Service = {
  profiles?: string[];
  environment?: Record<string, string>;
  command?: string[];
  secrets?: string[];
  volumes?: string[];
};

// Docker cannot run here: these check what compose would read (issue 22's observability profile).
describe('the compose file', () => {
  const compose = parse(file('docker/compose.yaml'), { merge: true }) as {
    services: Record<string, Service>;
    secrets: Record<string, { environment?: string }>;
  };
  const processes = ['guests', 'accounts', 'service-recovery', 'loyalty', 'credit', 'gateway'];

  it('parses, and runs the graph by default with tracing and /metrics configurable on every process', () => {
    for (const name of processes) {
      const s = compose.services[name]!;
      expect(s.profiles, name).toBeUndefined();
      expect(s.environment?.OTEL_EXPORTER_OTLP_ENDPOINT, name).toMatch(/^\$\{OTEL_EXPORTER_OTLP_ENDPOINT:-\}$/);
      expect(s.environment?.METRICS_TOKEN, name).toMatch(/^\$\{METRICS_TOKEN:-\}$/);
    }
  });

  it('adds Jaeger, Prometheus and Grafana only under the observability profile', () => {
    for (const name of ['jaeger', 'prometheus', 'grafana'])
      expect(compose.services[name]?.profiles, name).toEqual(['observability']);
    expect(compose.services.prometheus?.secrets).toEqual(['metrics_token']);
    expect(compose.secrets.metrics_token).toEqual({ environment: 'METRICS_TOKEN' });
    for (const mount of [...(compose.services.prometheus?.volumes ?? []), ...(compose.services.grafana?.volumes ?? [])])
      expect(() => file(`docker/${mount.split(':')[0]!.replace('./', '')}`), mount).not.toThrow();
  });

  it("has Prometheus scrape every process's /metrics with the token", () => {
    const prometheus = parse(file('docker/prometheus.yml')) as {
      scrape_configs: {
        metrics_path: string;
        authorization: { credentials_file: string };
        static_configs: { targets: string[] }[];
      }[];
    };
    const job = prometheus.scrape_configs[0]!;
    expect(job.metrics_path).toBe('/metrics');
    expect(job.authorization.credentials_file).toBe('/run/secrets/metrics_token');
    const targets = job.static_configs.flatMap((c) => c.targets).map((t) => t.split(':')[0]);
    expect(targets.sort()).toEqual([...processes].sort());
    const grafana = parse(file('docker/grafana-datasources.yaml')) as { datasources: { type: string }[] };
    expect(grafana.datasources.map((d) => d.type).sort()).toEqual(['jaeger', 'prometheus']);
  });
});
