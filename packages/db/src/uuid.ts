const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a caller-supplied id can be a uuid at all: Postgres would refuse anything else with an error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
