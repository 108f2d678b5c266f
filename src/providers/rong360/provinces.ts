import type { Carrier } from '../data-model';

// Rong360 names the number's carrier and province as `user_source`, e.g. `CHINAMOBILE_BEIJING`
// (document §4.4): the carrier in English, the province in pinyin capitals.

const CARRIER_OF_SOURCE: Readonly<Record<string, Carrier>> = {
  CHINAMOBILE: 'china_mobile',
  CHINAUNICOM: 'china_unicom',
  CHINATELECOM: 'china_telecom',
};

/** Pinyin as Rong360 writes it; 陕西 is SHAANXI (the official romanization) to tell it from 山西. */
export const PROVINCE_OF_PINYIN: Readonly<Record<string, string>> = {
  BEIJING: '北京',
  TIANJIN: '天津',
  HEBEI: '河北',
  SHANXI: '山西',
  NEIMENGGU: '内蒙古',
  NEIMENG: '内蒙古',
  LIAONING: '辽宁',
  JILIN: '吉林',
  HEILONGJIANG: '黑龙江',
  SHANGHAI: '上海',
  JIANGSU: '江苏',
  ZHEJIANG: '浙江',
  ANHUI: '安徽',
  FUJIAN: '福建',
  JIANGXI: '江西',
  SHANDONG: '山东',
  HENAN: '河南',
  HUBEI: '湖北',
  HUNAN: '湖南',
  GUANGDONG: '广东',
  GUANGXI: '广西',
  HAINAN: '海南',
  CHONGQING: '重庆',
  SICHUAN: '四川',
  GUIZHOU: '贵州',
  YUNNAN: '云南',
  XIZANG: '西藏',
  SHAANXI: '陕西',
  GANSU: '甘肃',
  QINGHAI: '青海',
  NINGXIA: '宁夏',
  XINJIANG: '新疆',
};

/** `CHINAMOBILE_BEIJING` → china_mobile, 北京; unknown parts are null. */
export function regionOfSource(source: string | undefined): { carrier: Carrier | null; region: string | null } {
  const [carrier = '', province = ''] = (source ?? '')
    .trim()
    .toUpperCase()
    .split(/[_\-\s]+/);
  return {
    carrier: Object.hasOwn(CARRIER_OF_SOURCE, carrier) ? (CARRIER_OF_SOURCE[carrier] ?? null) : null,
    region: Object.hasOwn(PROVINCE_OF_PINYIN, province) ? (PROVINCE_OF_PINYIN[province] ?? null) : null,
  };
}

/** The `user_source` for a carrier and a Chinese province (the simulator's side). */
export function sourceOf(carrier: Carrier, province: string): string {
  const pinyin = Object.keys(PROVINCE_OF_PINYIN).find((key) => PROVINCE_OF_PINYIN[key] === province) ?? 'BEIJING';
  const name = Object.keys(CARRIER_OF_SOURCE).find((key) => CARRIER_OF_SOURCE[key] === carrier) ?? 'CHINAMOBILE';
  return `${name}_${pinyin}`;
}
