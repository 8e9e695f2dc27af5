import { benchEndToEnd, seedAgents, type EndToEndFigures } from './e2e.js';
import { fillDatabase, type FillReport } from './growth-fill.js';
import { benchIngest, type IngestFigures } from './ingest.js';
import type { BenchSystem } from './system.js';

/** Peak RSS (MB) of the services, by the section they ran in. */
export interface Memory {
  apiIngest?: number;
  workersIngest?: number;
  apiE2e?: number;
  workersE2e?: number;
}

export interface PhaseFigures {
  ingest?: IngestFigures;
  e2e?: EndToEndFigures;
  memory: Memory;
}

export interface PhaseOptions {
  ingest: boolean;
  e2e: boolean;
  seconds: number;
  workers: number;
  connections: number;
  ingestWithWorkers: boolean;
  log: (line: string) => void;
}

/** Creates the LMS mappings (the first API start also migrates the fresh database). */
export async function prepare(system: BenchSystem): Promise<void> {
  await system.startApi();
  await system.addMappings();
  await system.stopAll();
}

/**
 * Sections 3 then 2 on the current database, each with processes of its own (so that their peak
 * RSS is the section's); queued work is dropped after each, so the next starts idle. End to end
 * runs first so that the ingest section's results do not sit in its database.
 */
export async function runPhase(system: BenchSystem, options: PhaseOptions): Promise<PhaseFigures> {
  const figures: PhaseFigures = { memory: {} };
  if (options.e2e) {
    await system.startApi();
    await system.startWorkers(options.workers);
    figures.e2e = await benchEndToEnd(system, { seconds: options.seconds, log: options.log });
    Object.assign(figures.memory, peaks(await system.peakRss(), 'E2e'));
    await system.stopAll();
    await system.resetQueues();
  }
  if (options.ingest) {
    await system.startApi();
    if (options.ingestWithWorkers) await system.startWorkers(options.workers);
    figures.ingest = await benchIngest(system, {
      seconds: options.seconds,
      connections: options.connections,
      rate: 1000,
      rateConnections: 32,
      batchSize: 20,
      log: options.log,
    });
    Object.assign(figures.memory, peaks(await system.peakRss(), 'Ingest'));
    await system.stopAll();
    await system.resetQueues();
  }
  return figures;
}

/** Section 4's database: the fill, after making sure there is a real credential to copy. */
export async function fillForGrowth(
  system: BenchSystem,
  options: { results: number; credentials: number; log: (line: string) => void },
): Promise<FillReport> {
  await system.startApi();
  const client = await system.createClient('bench growth fill');
  if ((await system.count('select count(*) as n from credentials')) === 0) {
    await system.startWorkers(1);
    await seedAgents(system, await system.createClient('bench growth template'), 1);
  }
  await system.stopAll();
  await system.resetQueues();
  return fillDatabase(system, { clientId: client.id, ...options });
}

function peaks(rss: Map<string, number>, section: 'E2e' | 'Ingest'): Memory {
  const workers = [...rss].filter(([name]) => name.startsWith('worker')).map(([, mb]) => mb);
  const memory: Memory = {};
  const api = rss.get('api');
  if (api !== undefined) memory[`api${section}`] = api;
  if (workers.length > 0) memory[`workers${section}`] = Math.max(...workers);
  return memory;
}
