import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePort } from './processes.js';
import { waitFor } from './services.js';

export interface LocalRedisCluster {
  nodes: string[];
  stop(): Promise<void>;
}

/** Whether this machine can start a throwaway cluster (redis-server and redis-cli on PATH). */
export function canStartRedisCluster(): boolean {
  return ['redis-server', 'redis-cli'].every((bin) => spawnSync(bin, ['--version']).status === 0);
}

/**
 * A real three-master Redis Cluster on loopback, nothing kept on disk, for the tests that prove the
 * queues work on a cluster: every slot assigned, state ok, then handed over.
 */
export async function startRedisCluster(): Promise<LocalRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'attain-redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const servers: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes'],
        ...['--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir],
        ...['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      ],
      { stdio: 'ignore' },
    ),
  );
  const stop = async (): Promise<void> => {
    for (const server of servers) server.kill('SIGKILL');
    await Promise.all(servers.map((server) => exited(server)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const cli = (port: number, ...args: string[]) =>
      spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' });
    for (const port of ports) {
      await waitFor(
        () => Promise.resolve(cli(port, 'ping').stdout.trim() === 'PONG' ? true : undefined),
        `redis ${port}`,
        10_000,
      );
    }
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    for (const port of ports) {
      await waitFor(
        () => Promise.resolve(/cluster_state:ok/.test(cli(port, 'cluster', 'info').stdout) ? true : undefined),
        `cluster state ok on ${port}`,
        20_000,
      );
    }
    return { nodes: ports.map((p) => `redis://127.0.0.1:${p}`), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
