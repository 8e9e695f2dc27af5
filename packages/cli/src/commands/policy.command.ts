import { readFile } from 'node:fs/promises';
import { InvalidPolicyError, parsePolicy } from '@attain/attainment';
import { findCurrentPolicy, findFramework, savePolicy } from '@attain/db';
import type { Command } from 'commander';
import { CliError, print, withContext } from '../cli-context.js';

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description('attainment policies (rules as data), versioned per framework version');
  policy
    .command('show')
    .description('print the policy in force')
    .argument('<framework>', 'framework id, e.g. 41-3031.00')
    .argument('<version>', 'framework version, e.g. v.26.05')
    .action(async (frameworkId: string, version: string) => {
      await withContext(async ({ db }) => {
        const framework = await findFramework(db, frameworkId, version);
        if (framework === undefined) throw new CliError(`no framework ${frameworkId} ${version}`);
        const current = await findCurrentPolicy(db, framework);
        if (current === undefined) throw new CliError(`no policy for ${frameworkId} ${version}`);
        print(
          true,
          { framework: frameworkId, version, policyVersion: current.policyVersion, policy: current.policy },
          '',
        );
      });
    });
  policy
    .command('set')
    .description('add a policy version from a JSON file; `attain replay` applies it to stored results')
    .argument('<framework>', 'framework id')
    .argument('<version>', 'framework version')
    .argument(
      '<file>',
      '{"version": 1, "threshold": 0.8, "levels": [{"level", "requires", "minStatements", "threshold?", "recencyDays?", "validityDays?"}]}',
    )
    .option('--json', 'machine-readable output')
    .action(async (frameworkId: string, version: string, file: string, options: { json?: boolean }) => {
      let input: unknown;
      try {
        input = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new CliError(`${file}: ${(error as Error).message}`);
      }
      await withContext(async ({ db }) => {
        const framework = await findFramework(db, frameworkId, version);
        if (framework === undefined) throw new CliError(`no framework ${frameworkId} ${version}`);
        let parsed;
        try {
          parsed = parsePolicy(input, framework);
        } catch (error) {
          if (error instanceof InvalidPolicyError) throw new CliError(`${file}: ${error.message}`);
          throw error;
        }
        const policyVersion = await savePolicy(db, framework, parsed);
        print(
          options.json === true,
          { framework: frameworkId, version, policyVersion },
          `policy version ${policyVersion} of ${frameworkId} ${version} is in force`,
        );
      });
    });
}
