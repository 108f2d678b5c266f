import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_UNITS, SELECT_PROMPT_UNITS, helpText, placeHint, placeSelectHint, widthUnits } from '../placeholder';

describe('where a field hint goes', () => {
  it('counts a CJK glyph as two units and anything else as one', () => {
    expect(widthUnits('11位手机号码')).toBe(2 + 2 * 5);
    expect(widthUnits('11 digits')).toBe(9);
    expect(widthUnits('（）')).toBe(4);
  });

  it('keeps a hint that fits as the placeholder, without the 请输入 the label already says', () => {
    expect(placeHint('请输入图片中的字符')).toEqual({ placeholder: '图片中的字符' });
    expect(placeHint('请输入机主身份证号码')).toEqual({ placeholder: '机主身份证号码' });
    expect(placeHint('计算结果')).toEqual({ placeholder: '计算结果' });
    expect(placeHint('6-digit code')).toEqual({ placeholder: '6-digit code' });
  });

  it('moves a hint that would be cut off into a help line, whole', () => {
    expect(placeHint('请输入号码开户时所在的城市')).toEqual({ helpLine: '请输入号码开户时所在的城市' });
    expect(placeHint('Enter the city where the number was opened')).toEqual({
      helpLine: 'Enter the city where the number was opened',
    });
    expect(widthUnits('号码开户时所在的城市')).toBeGreaterThan(PLACEHOLDER_UNITS);
  });

  it('has nothing to place for an absent or blank hint, and keeps a hint that is all filler', () => {
    expect(placeHint(undefined)).toEqual({});
    expect(placeHint('  ')).toEqual({});
    expect(placeHint('请输入')).toEqual({ placeholder: '请输入' });
  });

  it('puts a help line before the detail hint', () => {
    expect(helpText('请输入号码开户时所在的城市', '如：北京')).toBe('请输入号码开户时所在的城市 如：北京');
    expect(helpText(undefined, '如：北京')).toBe('如：北京');
    expect(helpText(undefined, undefined)).toBeUndefined();
  });

  it('drops a select hint that only says choose plus the label, so the short default prompt shows', () => {
    expect(placeSelectHint('请选择号码品牌', '号码品牌')).toEqual({});
    expect(placeSelectHint('Please choose the brand', 'the brand')).toEqual({});
    expect(placeSelectHint('请选择', '号码品牌')).toEqual({});
    expect(placeSelectHint(undefined, '号码品牌')).toEqual({});
  });

  it('keeps a short select hint as its prompt and moves a longer one under the field, whole', () => {
    expect(placeSelectHint('按账单选择', '套餐')).toEqual({ placeholder: '按账单选择' });
    expect(placeSelectHint('请选择开户时登记的证件类型', '证件类型')).toEqual({ helpLine: '请选择开户时登记的证件类型' });
    expect(widthUnits('请选择开户时登记的证件类型')).toBeGreaterThan(SELECT_PROMPT_UNITS);
  });
});
