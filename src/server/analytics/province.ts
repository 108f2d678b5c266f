// The province of a number, as the dashboard groups sessions: one of the 31 mainland provinces,
// regions and municipalities, by its short Chinese name. Vendors name the region in their own way
// (a mapped 北京, or a region such as 广东深圳 or 内蒙古自治区), so
// the known names are matched at the start of what the vendor said.

export const PROVINCES = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
] as const;
export type Province = (typeof PROVINCES)[number];

/** The province a vendor's region text starts with, or null (empty, unknown, or a city alone). */
export function provinceOf(region: string | null | undefined): Province | null {
  if (!region) return null;
  const text = region.trim().replace(/^中国/, '');
  return PROVINCES.find((province) => text.startsWith(province)) ?? null;
}
