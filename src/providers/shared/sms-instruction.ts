import type { SmsInstruction } from '../../flow';

// Jilin Telecom: "请编辑短信CXXD发送到10001获取验证码"; the document: "发送CXXD到10001".
const INSTRUCTION_PATTERN =
  /(?:编辑短信|发送短信|编辑|发送)\s*[“"'「『]?\s*([A-Za-z0-9#*]{1,20})\s*[”"'」』]?\s*(?:发送|发)?\s*(?:到|至|给)\s*(\d{3,20})/;

/** "text CODE to NUMBER" instructions in any of the given texts. */
export function parseSmsInstruction(...texts: Array<string | undefined>): SmsInstruction | undefined {
  for (const text of texts) {
    const match = text ? INSTRUCTION_PATTERN.exec(text) : null;
    if (match?.[1] && match[2]) return { to: match[2], body: match[1] };
  }
  return undefined;
}
