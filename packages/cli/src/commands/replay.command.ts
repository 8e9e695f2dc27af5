import { setTimeout as sleep } from 'node:timers/promises';
import { countCredentialsOfLearners, findLearnerIds, pendingReplayWork, requeueEventsForReplay } from '@attain/db';
import { evaluateLearnerStage, issueCredentialStage, mapEventWork } from '@attain/pipeline';
import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

interface ReplayOptions {
  learner?: string;
  email?: string;
  framework?: string;
  version?: string;
  all?: boolean;
  timeout: number;
  json?: boolean;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of seconds');
  return n;
}

/**
 * Re-derives attainments from stored events after a mapping or policy change: the events go
 * back through the running pipeline (its workers do the work), and this waits with a progress bar.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      're-derive attainments from stored results (after a mapping or policy change); issues what is newly earned, never a second credential',
    )
    .option('--learner <lmsUserId>', "one learner, by the LMS's user id")
    .option('--email <email>', 'one learner, by e-mail')
    .option('--framework <id>', 'only results mapped to this framework (with --version)')
    .option('--version <version>', 'the framework version')
    .option('--all', 'every stored result')
    .option('--timeout <seconds>', 'how long to wait for the workers', seconds, 600)
    .option('--json', 'machine-readable output: {"events", "learners", "newCredentials"}')
    .action(async (options: ReplayOptions) => {
      if (
        options.learner === undefined &&
        options.email === undefined &&
        options.framework === undefined &&
        options.all !== true
      ) {
        throw new CliError('say what to replay: --learner, --email, --framework with --version, or --all');
      }
      if ((options.framework === undefined) !== (options.version === undefined)) {
        throw new CliError('--framework and --version go together');
      }
      await withContext(async ({ db }) => {
        const byLearner = options.learner !== undefined || options.email !== undefined;
        const learnerIds = byLearner
          ? await findLearnerIds(db, {
              ...(options.learner === undefined ? {} : { lmsUserId: options.learner }),
              ...(options.email === undefined ? {} : { email: options.email }),
            })
          : undefined;
        if (learnerIds !== undefined && learnerIds.length === 0) throw new CliError('no such learner');
        const { work, learnerIds: affected } = await requeueEventsForReplay(
          db,
          {
            ...(learnerIds === undefined ? {} : { learnerIds }),
            ...(options.framework === undefined || options.version === undefined
              ? {}
              : { framework: { id: options.framework, version: options.version } }),
          },
          new Date(),
          mapEventWork,
        );
        const before = await countCredentialsOfLearners(db, affected);
        const bar = new SingleBar({
          format: 'replay [{bar}] {value}/{total} results {stage}',
          stream: process.stderr,
          hideCursor: true,
        });
        if (options.json !== true) bar.start(work.length, 0, { stage: 'mapping' });
        const deadline = Date.now() + options.timeout * 1000;
        const ids = work.map((w) => w.id);
        for (;;) {
          const pending = await pendingReplayWork(db, ids, affected, {
            evaluate: evaluateLearnerStage.topic,
            issue: issueCredentialStage.topic,
          });
          if (options.json !== true)
            bar.update(work.length - pending.mapping, {
              stage: pending.mapping > 0 ? 'mapping' : 'evaluating and issuing',
            });
          if (pending.mapping === 0 && pending.downstream === 0) break;
          if (Date.now() > deadline) {
            bar.stop();
            throw new CliError(
              `replay still has ${pending.mapping + pending.downstream} pieces of work pending after ${options.timeout} s: are the workers running?`,
            );
          }
          await sleep(250);
        }
        if (options.json !== true) bar.stop();
        const issued = (await countCredentialsOfLearners(db, affected)) - before;
        print(
          options.json === true,
          { events: work.length, learners: affected.length, newCredentials: issued },
          `replayed ${work.length} results of ${affected.length} learners: ${issued} new credentials`,
        );
      });
    });
}
