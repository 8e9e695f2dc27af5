import { Command } from 'commander';
import { registerAdminTokenCommands } from './commands/admin-token.command.js';
import { registerAuditCommands } from './commands/audit.command.js';
import { registerCredentialCommands } from './commands/credentials.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerDumpCommands } from './commands/dump.command.js';
import { registerFrameworkCommands } from './commands/framework.command.js';
import { registerIssuerCommands } from './commands/issuer.command.js';
import { registerKeyCommands } from './commands/keys.command.js';
import { registerLmsClientCommands } from './commands/lms-client.command.js';
import { registerMappingCommands } from './commands/mappings.command.js';
import { registerMigrateCommand } from './commands/migrate.command.js';
import { registerNotificationCommands } from './commands/notifications.command.js';
import { registerPolicyCommands } from './commands/policy.command.js';
import { registerReplayCommand } from './commands/replay.command.js';

export function buildProgram(): Command {
  const program = new Command('attain')
    .description(
      'Attain: assessment results in, verifiable Open Badges 3.0 credentials out.\nReads the same environment as the server (DATABASE_URL, REDIS_URL, PUBLIC_URL, …).',
    )
    .showHelpAfterError();
  registerMigrateCommand(program);
  registerFrameworkCommands(program);
  registerMappingCommands(program);
  registerLmsClientCommands(program);
  registerAdminTokenCommands(program);
  registerPolicyCommands(program);
  registerReplayCommand(program);
  registerCredentialCommands(program);
  registerAuditCommands(program);
  registerNotificationCommands(program);
  registerIssuerCommands(program);
  registerKeyCommands(program);
  registerDumpCommands(program);
  registerDemoCommand(program);
  return program;
}
