import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../../bundled-contexts.js';
import type { CredentialFormat } from '../../credential-format.js';
import { buildLevelCredential } from '../../level-credential.builder.js';
import type { LevelCredentialInput } from '../../level-credential.input.js';
import { validateOpenBadgeSchema } from '../../open-badge-schema.validator.js';

/**
 * The Open Badges 3.0 `OpenBadgeCredential` awarding one framework level: the credential Attain
 * has always issued. It wraps `buildLevelCredential`, which stays at the package root because the
 * signing and verification tests use its documents as their fixture.
 */
export const ob3LevelFormat: CredentialFormat<LevelCredentialInput, 'ob3-level'> = {
  name: 'ob3-level',
  contexts: [VC_V2_CONTEXT, OB_V3_CONTEXT],
  // validFrom and awardedDate come in the input (a correction sets its own), so `now` is not used.
  build: (input) => buildLevelCredential(input),
  check: validateOpenBadgeSchema,
};

/** The name under which the issue and correction code look the level credential up. */
export const OB3_LEVEL_FORMAT = ob3LevelFormat.name;
