import type { FlowError } from '../../flow';
import type { UpstreamError } from '../upstream-error';

/** A transport failure as a neutral error: always worth another try of the same step. */
export function mapUpstreamError(error: Pick<UpstreamError, 'failure'>): FlowError {
  switch (error.failure) {
    case 'timeout':
      return { code: 'upstream_timeout', target: 'none', retry: 'step', message: '运营商响应超时，请稍后重试' };
    case 'invalid':
      return { code: 'upstream_invalid_response', target: 'none', retry: 'step', message: '运营商返回异常，请稍后重试' };
    case 'http':
    case 'network':
      return { code: 'upstream_unavailable', target: 'none', retry: 'step', message: '运营商服务暂时不可用，请稍后重试' };
  }
}
