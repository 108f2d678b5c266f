/** About a megabyte of each shape that has made JSON readers slow: what an attacker would post. */
export const HOSTILE_BYTES = 1024 * 1024;

const fill = (unit: string, bytes = HOSTILE_BYTES) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

export const HOSTILE_BODIES: ReadonlyArray<readonly [name: string, body: string]> = [
  ['newlines', `{${fill('\n')}`],
  ['values on lines without commas', fill('{"a":1\n')],
  ['trailing commas', `[${fill('1,  \n')}]`],
  ['deep arrays', fill('[')],
  ['deep arrays, closed', `${fill('[', HOSTILE_BYTES / 2)}${fill(']', HOSTILE_BYTES / 2)}`],
  ['deep objects', fill('{"a":')],
  ['a long string', `{"status":0,"sid":"${fill('a')}"}`],
  ['an unterminated string', `"${fill('\\"')}`],
  ['escapes', `{"s":"${fill('\\u0000')}"}`],
  ['commas', `[${fill(',')}`],
  ['one key repeated', `{${fill('"teldata":[{"n":1}],')}"x":0}`],
  ['one object key repeated', `{${fill('"d":{"k":[1]},')}"x":0}`],
  ['many keys', `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`],
  ['base64 that is not ciphertext', fill('QUJD')],
  ['numbers', `[${fill('-1.5e308,')}0]`],
];
