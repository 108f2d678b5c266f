import type { Locale } from '../../widget/i18n/messages';

/** The sheet's own words around the cells (the cells speak the widget's catalogues). */
export interface SheetCopy {
  title: string;
  intro: string;
  /** `{time}`: the fixed server time. */
  network: string;
  otherLocale: string;
  notReached: string;
}

export const SHEET_COPY: Readonly<Record<Locale, SheetCopy>> = {
  'zh-CN': {
    title: '组件状态总览',
    intro: '每个格子都是真实的组件，手机宽度 390 px，用于一眼审阅和截图比对。',
    network: '请求由本页的固定数据网络应答，不会发往服务器：提交与刷新一直处于进行中，时钟固定在服务器时间 {time}。',
    otherLocale: 'English',
    notReached: '未能进入该状态',
  },
  en: {
    title: 'Widget states',
    intro: 'Every cell is the real widget at phone width (390 px), for review at a glance and screenshot comparison.',
    network:
      "Requests are answered by this page's fixture network and never reach a server: submissions and refreshes stay in flight, and the clock is frozen at server time {time}.",
    otherLocale: '中文',
    notReached: 'State not reached',
  },
};
