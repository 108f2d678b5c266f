import { retryAtLine } from '../i18n/guidance-text';
import { useMessages } from '../i18n/i18n-context';

/**
 * "可在今天 21:50后重试（约20 分钟）": when another try makes sense, from a server-clock `retryAt`
 * and the server's clock skew. Static by design (a clock time does not go stale); a live countdown
 * for rate limits may replace it.
 */
export function RetryAtNotice({ retryAt, skewMs }: { retryAt: string; skewMs: number }) {
  const m = useMessages();
  const line = retryAtLine(m, retryAt, skewMs);
  return line ? <span className="cl-guidance cl-guidance--retry">{line}</span> : null;
}
