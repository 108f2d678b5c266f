/** Mainland China mobile number: 11 digits starting 13-19. */
export const MOBILE_NUMBER_PATTERN = /^1[3-9]\d{9}$/;

export function isMobileNumber(value: string): boolean {
  return MOBILE_NUMBER_PATTERN.test(value);
}

/** Strip spaces, dashes and a +86/0086 prefix a user may type or paste. */
export function normalizePhoneInput(value: string): string {
  const digits = value.replace(/[\s-]/g, '');
  return digits.replace(/^(\+86|0086)/, '');
}

export const CARRIERS = ['chinaMobile', 'chinaUnicom', 'chinaTelecom', 'chinaBroadnet'] as const;
export type Carrier = (typeof CARRIERS)[number];

// Prefix tables (MIIT number allocation, incl. virtual operators 162/165/167/170/171).
// The longest matching prefix wins, so 1349 (Telecom satellite) beats 134 (Mobile).
const PREFIXES: Record<Carrier, readonly string[]> = {
  chinaMobile: [
    '1340',
    '1341',
    '1342',
    '1343',
    '1344',
    '1345',
    '1346',
    '1347',
    '1348',
    '135',
    '136',
    '137',
    '138',
    '139',
    '147',
    '148',
    '150',
    '151',
    '152',
    '157',
    '158',
    '159',
    '165',
    '172',
    '178',
    '182',
    '183',
    '184',
    '187',
    '188',
    '195',
    '197',
    '198',
    '1703',
    '1705',
    '1706',
  ],
  chinaUnicom: [
    '130',
    '131',
    '132',
    '145',
    '146',
    '155',
    '156',
    '166',
    '167',
    '171',
    '175',
    '176',
    '185',
    '186',
    '196',
    '1704',
    '1707',
    '1708',
    '1709',
  ],
  chinaTelecom: [
    '133',
    '1349',
    '149',
    '153',
    '162',
    '173',
    '174',
    '177',
    '180',
    '181',
    '189',
    '190',
    '191',
    '193',
    '199',
    '1700',
    '1701',
    '1702',
  ],
  chinaBroadnet: ['192'],
};

/** The carrier a number belongs to, from its prefix; undefined while too short or unknown. */
export function detectCarrier(value: string): Carrier | undefined {
  let best: { carrier: Carrier; length: number } | undefined;
  for (const carrier of CARRIERS) {
    for (const prefix of PREFIXES[carrier]) {
      if (value.startsWith(prefix) && (!best || prefix.length > best.length)) {
        best = { carrier, length: prefix.length };
      }
    }
  }
  return best?.carrier;
}

/** 138****0000: the form phone numbers take in logs. */
export function maskPhone(value: string): string {
  return value.length >= 7 ? `${value.slice(0, 3)}****${value.slice(-4)}` : '***';
}
