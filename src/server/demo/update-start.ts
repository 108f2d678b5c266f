import type { StartSessionRequest } from '../../flow';
import { VENDORS } from '../../providers/registry';
import { failures } from '../errors';
import type { StartOptions } from '../session/service-types';

/**
 * A demo update session (`demo.update`) plays an update link's session for the designers' gallery:
 * the start names no number, the server takes its vendor's demo update number, and every answer
 * shows it masked (session/phone-mask.ts). Undefined for any other start.
 */
export function demoUpdateStart(request: Pick<StartSessionRequest, 'demo' | 'phone'>): Pick<StartOptions, 'phone'> | undefined {
  if (request.demo?.update !== true) return undefined;
  // As with an update link, the number is the server's: a start naming one is not a browser's.
  if (request.phone !== undefined) throw failures.badRequest('数据更新的演示会话不带手机号（phone）', 'phone');
  return { phone: VENDORS[request.demo.provider].demo.updatePhone };
}
