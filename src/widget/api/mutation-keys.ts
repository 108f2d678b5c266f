/**
 * Names of the session mutations. The embed reporter watches the mutation cache by these keys
 * (a submission is reported when it is sent, a refusal when it is shown), so the screens stay
 * free of embed code. The session start is a plain call the phone step reports itself.
 */
export const MUTATION_KEYS = {
  submit: ['carrierlink', 'submit'],
  fieldAction: ['carrierlink', 'fieldAction'],
  restart: ['carrierlink', 'restart'],
  cancel: ['carrierlink', 'cancel'],
} as const;

export type MutationName = keyof typeof MUTATION_KEYS;

/** Which of our mutations a cache entry is, from its key. */
export function mutationName(key: readonly unknown[] | undefined): MutationName | undefined {
  const name = key?.[0] === 'carrierlink' ? key[1] : undefined;
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(MUTATION_KEYS, name) ? (name as MutationName) : undefined;
}
