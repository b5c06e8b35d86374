import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Compose cannot run on these machines, so its cluster profile is checked by reading the file as compose
// would (YAML merge keys resolved): three NATS nodes routed to each other, every stream on all three, two
// instances of every service, and one gateway spreading each subgraph's calls over both.
interface Service {
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: string[] | Record<string, unknown>;
  ports?: string[];
}
const compose = parse(readFileSync(new URL('../../../docker/compose.yaml', import.meta.url), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;
const SERVICES = ['guests', 'accounts', 'service-recovery', 'loyalty', 'credit'];
const PORTS: Record<string, number> = {
  guests: 4001,
  accounts: 4002,
  'service-recovery': 4003,
  loyalty: 4004,
  credit: 4005,
};
const inCluster = Object.keys(services).filter((s) => services[s]!.profiles?.includes('cluster'));
const flag = (command: string[], name: string) => command[command.indexOf(name) + 1];
const dependsOn = (s: Service) => (Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {}));

describe("compose's cluster profile", () => {
  it('holds three NATS nodes, two instances of every service and a gateway, and nothing else', () => {
    expect(inCluster.sort()).toEqual(
      ['nats-1', 'nats-2', 'nats-3', ...SERVICES.flatMap((s) => [`${s}-1`, `${s}-2`]), 'gateway-cluster'].sort(),
    );
    // The single-instance stack stays as it was: no profile, so `docker compose up` runs it alone.
    for (const s of ['postgres', 'nats', ...SERVICES, 'gateway']) expect(services[s]?.profiles, s).toBeUndefined();
  });

  it('joins the NATS nodes by routes into one JetStream cluster, each with its own store', () => {
    const nodes = ['nats-1', 'nats-2', 'nats-3'];
    const volumes = new Set<string>();
    for (const n of nodes) {
      const command = services[n]!.command!;
      expect(command, n).toContain('-js');
      expect(flag(command, '-n'), n).toBe(n);
      expect(flag(command, '--cluster_name'), n).toBe('hotel');
      expect(flag(command, '--cluster'), n).toBe('nats://0.0.0.0:6222');
      // Routes to the two others, never itself.
      expect(flag(command, '--routes')!.split(',').sort(), n).toEqual(
        nodes.filter((o) => o !== n).map((o) => `nats://${o}:6222`),
      );
      const [volume] = (services[n] as { volumes: string[] }).volumes[0]!.split(':');
      volumes.add(volume!);
      expect(compose.volumes, n).toHaveProperty(volume!);
    }
    expect(volumes.size).toBe(3);
  });

  it('runs every service twice against every NATS node, with its streams replicated three times', () => {
    for (const s of SERVICES)
      for (const i of [1, 2]) {
        const instance = services[`${s}-${i}`]!;
        expect(instance.command, `${s}-${i}`).toEqual(['node', `services/${s}/dist/main.js`]);
        expect(instance.environment?.NATS_URL?.split(','), `${s}-${i}`).toEqual([
          'nats://nats-1:4222',
          'nats://nats-2:4222',
          'nats://nats-3:4222',
        ]);
        expect(instance.environment?.EVENTS_STREAM_REPLICAS, `${s}-${i}`).toBe('3');
        expect(instance.environment?.NODE_ENV).toBe('production');
        expect(dependsOn(instance).sort()).toEqual(['nats-1', 'nats-2', 'nats-3', 'postgres']);
      }
  });

  it("points the gateway at both instances of each subgraph and publishes the graph's port", () => {
    const gateway = services['gateway-cluster']!;
    expect(gateway.command).toEqual(['node', 'gateway/dist/main.js']);
    expect(gateway.ports).toEqual(['4000:4000']);
    for (const s of SERVICES) {
      const variable = `${s.toUpperCase().replace(/-/g, '_')}_URL`;
      expect(gateway.environment?.[variable]?.split(','), variable).toEqual([
        `http://${s}-1:${PORTS[s]}/graphql`,
        `http://${s}-2:${PORTS[s]}/graphql`,
      ]);
      expect(dependsOn(gateway)).toEqual(expect.arrayContaining([`${s}-1`, `${s}-2`]));
    }
    // The gateway's own settings (its token secret) come from the single-instance gateway's.
    expect(gateway.environment?.AUTH_JWT_SECRET).toBe(services.gateway!.environment?.AUTH_JWT_SECRET);
  });
});

describe("compose's NATS users (issue 20)", () => {
  const variable = (s: string) => `NATS_PASSWORD_${s.toUpperCase().replace(/-/g, '_')}`;

  it('runs every NATS node with the users generated from the event catalogue, passwords from docker/.env', () => {
    for (const n of ['nats', 'nats-1', 'nats-2', 'nats-3']) {
      const node = services[n] as Service & { volumes: string[] };
      expect(flag(node.command!, '-c'), n).toBe('/etc/nats/users.conf');
      expect(node.volumes, n).toContain('./nats/users.conf:/etc/nats/users.conf:ro');
      for (const user of [...SERVICES, 'operator'])
        expect(node.environment?.[variable(user)], `${n} ${user}`).toBe(
          `\${${variable(user)}:?set ${variable(user)} in docker/.env}`,
        );
    }
    // The file the nodes mount is there, and names each password's variable rather than holding one.
    const users = readFileSync(new URL('../../../docker/nats/users.conf', import.meta.url), 'utf8');
    for (const user of [...SERVICES, 'operator']) expect(users).toContain(`password: $${variable(user)}`);
  });

  it("gives every instance of a service its own user's password, and the gateway none", () => {
    for (const s of SERVICES)
      for (const instance of [s, `${s}-1`, `${s}-2`])
        expect(services[instance]!.environment?.NATS_PASSWORD, instance).toBe(
          `\${${variable(s)}:?set ${variable(s)} in docker/.env}`,
        );
    expect(services.gateway!.environment?.NATS_PASSWORD).toBeUndefined();
    expect(services['gateway-cluster']!.environment?.NATS_PASSWORD).toBeUndefined();
  });
});
