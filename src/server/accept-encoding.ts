/** The content codings the client accepts with a non-zero q-value (`*` included), lower-cased. */
export function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const names = new Set<string>();
  for (const part of (typeof header === 'string' ? header : '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q !== undefined && Number(q.slice(2)) === 0)) names.add(name.trim());
  }
  return names;
}
