import { PROVINCES } from '../analytics/province';
import type { Province } from '../analytics/province';

/** Operators write provinces in pinyin (陕西 is shaanxi, as officially romanized, to tell it from 山西 shanxi) or in Chinese. */
const PINYIN: Readonly<Record<string, Province>> = {
  beijing: '北京',
  tianjin: '天津',
  hebei: '河北',
  shanxi: '山西',
  neimenggu: '内蒙古',
  liaoning: '辽宁',
  jilin: '吉林',
  heilongjiang: '黑龙江',
  shanghai: '上海',
  jiangsu: '江苏',
  zhejiang: '浙江',
  anhui: '安徽',
  fujian: '福建',
  jiangxi: '江西',
  shandong: '山东',
  henan: '河南',
  hubei: '湖北',
  hunan: '湖南',
  guangdong: '广东',
  guangxi: '广西',
  hainan: '海南',
  chongqing: '重庆',
  sichuan: '四川',
  guizhou: '贵州',
  yunnan: '云南',
  xizang: '西藏',
  shaanxi: '陕西',
  gansu: '甘肃',
  qinghai: '青海',
  ningxia: '宁夏',
  xinjiang: '新疆',
};

/** A province as an operator writes it (pinyin, any case, or its short Chinese name), or undefined. */
export function readProvinceName(text: string): Province | undefined {
  const trimmed = text.trim();
  const pinyin = PINYIN[trimmed.toLowerCase()];
  if (pinyin) return pinyin;
  return PROVINCES.find((province) => province === trimmed);
}
