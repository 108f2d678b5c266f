import { format } from '../i18n/format';
import type { Messages } from '../i18n/messages';
import { AGREEMENT_VERSION } from './agreement-panel';

/**
 * The agreement exactly as the panel shows it, one line per element: title, version line, then
 * each section's title and paragraphs. Its hash is what the consent records the user accepted.
 */
export function agreementText(m: Messages): string {
  const lines = [m.agreement.title, format(m.agreement.version, { version: AGREEMENT_VERSION })];
  for (const section of m.agreement.sections) lines.push(section.title, ...section.paragraphs);
  return lines.join('\n');
}

/** SHA-256 hex of the text; null where WebCrypto is missing (non-secure contexts) or fails. */
export async function sha256Hex(text: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  try {
    const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}
