import { ob3LevelFormat } from './ob3-level/ob3-level.format.js';

/**
 * Every credential format, one line each. Callers look a format up by its name, so a name in use
 * must stay registered. `as const` keeps each entry's own type, so the registry hands a caller
 * the format with its exact input.
 */
export const CREDENTIAL_FORMATS = [ob3LevelFormat] as const;
