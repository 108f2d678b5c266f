import type { GalleryLocale } from '../gallery/url-state';

/** The gallery's own words (the widget inside it has its catalogues). `{name}` placeholders. */
export interface GalleryMessages {
  title: string;
  subtitle: string;
  languageLabel: string;
  search: string;
  searchPlaceholder: string;
  providerFilter: string;
  allProviders: string;
  providers: Record<'rong360' | 'dianhua', string>;
  count: string;
  noMatch: string;
  scenarios: string;
  phone: string;
  inputs: string;
  expected: string;
  endAuthorized: string;
  endError: string;
  places: { step: string; failed: string };
  pickScenario: string;
  controls: string;
  locale: string;
  theme: string;
  themes: Record<'light' | 'dark', string>;
  brand: string;
  brandDefault: string;
  radius: string;
  viewport: string;
  viewports: Record<'phone' | 'tablet' | 'desktop' | 'modal', string>;
  latency: string;
  fault: string;
  faultNone: string;
  faultNotOffered: string;
  faultNote: string;
  autoplay: string;
  speed: string;
  restart: string;
  copyLink: string;
  linkCopied: string;
  steps: string;
  stepPhone: string;
  stepEnd: string;
  stepPress: Record<'submit' | 'cancel' | 'refresh' | 'resend' | 'recover', string>;
  status: {
    idle: string;
    running: string;
    jumping: string;
    passed: string;
    failed: string;
    stopped: string;
  };
  frameTitle: string;
  lenderName: string;
  lenderText: string;
  configUnavailable: string;
}

export const zhCN: GalleryMessages = {
  title: 'CarrierLink 演示',
  subtitle: '真实组件 + 模拟器：每个场景一键可见，链接即可复现。',
  languageLabel: '语言',
  search: '搜索场景',
  searchPlaceholder: '号码、错误码、省份…',
  providerFilter: '服务商',
  allProviders: '全部',
  providers: { rong360: '融360', dianhua: '邦秒爬' },
  count: '{n} 个场景',
  noMatch: '没有匹配的场景。',
  scenarios: '场景列表',
  phone: '手机号',
  inputs: '沙箱输入',
  expected: '预期结果',
  endAuthorized: '授权成功',
  endError: '{code}（{place}）',
  places: { step: '步骤顶部', failed: '授权未完成页' },
  pickScenario: '从左侧选择一个场景。',
  controls: '控制',
  locale: '语言',
  theme: '主题',
  themes: { light: '浅色', dark: '深色' },
  brand: '品牌色',
  brandDefault: '默认品牌色',
  radius: '圆角（px）',
  viewport: '视口',
  viewports: { phone: '手机 390×844', tablet: '平板 820×1180', desktop: '桌面 1280×800', modal: '嵌入弹窗' },
  latency: '模拟延迟（毫秒）',
  fault: '故障注入',
  faultNone: '无',
  faultNotOffered: '（该服务商不适用）',
  faultNote: '注入故障后，场景的预期结果不再适用。',
  autoplay: '自动演示',
  speed: '速度',
  restart: '重新开始',
  copyLink: '复制链接',
  linkCopied: '链接已复制',
  steps: '步骤',
  stepPhone: '手机号与授权同意',
  stepEnd: '结果页',
  stepPress: { submit: '提交', cancel: '取消', refresh: '刷新验证码', resend: '重发短信', recover: '忘记密码' },
  status: {
    idle: '未在演示。',
    running: '正在演示：第 {step} 步…',
    jumping: '正在跳转到第 {step} 步…',
    passed: '演示完成：符合预期。',
    failed: '演示未达预期（第 {step} 步）：{problem}',
    stopped: '已停在第 {step} 步。',
  },
  frameTitle: '授权组件：{title}',
  lenderName: '示例贷款机构',
  lenderText: '完成运营商授权后即可提交借款申请。',
  configUnavailable: '无法读取演示配置（/api/demo/config），延迟与故障控件不可用。',
};

export const en: GalleryMessages = {
  title: 'CarrierLink demo',
  subtitle: 'The real widget on the simulators: every scenario one click away, every view a link.',
  languageLabel: 'Language',
  search: 'Search scenarios',
  searchPlaceholder: 'Number, error code, province…',
  providerFilter: 'Provider',
  allProviders: 'All',
  providers: { rong360: 'Rong360', dianhua: 'Dianhua' },
  count: '{n} scenarios',
  noMatch: 'No scenario matches.',
  scenarios: 'Scenarios',
  phone: 'Phone',
  inputs: 'Sandbox inputs',
  expected: 'Expected end',
  endAuthorized: 'Authorized',
  endError: '{code} ({place})',
  places: { step: 'at the step', failed: 'failed screen' },
  pickScenario: 'Pick a scenario on the left.',
  controls: 'Controls',
  locale: 'Language',
  theme: 'Theme',
  themes: { light: 'Light', dark: 'Dark' },
  brand: 'Brand colour',
  brandDefault: 'Default brand',
  radius: 'Corner radius (px)',
  viewport: 'Viewport',
  viewports: { phone: 'Phone 390×844', tablet: 'Tablet 820×1180', desktop: 'Desktop 1280×800', modal: 'Embedded modal' },
  latency: 'Simulated latency (ms)',
  fault: 'Failure injection',
  faultNone: 'None',
  faultNotOffered: '(not for this provider)',
  faultNote: 'With a fault injected the scenario’s expected end no longer applies.',
  autoplay: 'Autoplay',
  speed: 'Speed',
  restart: 'Restart',
  copyLink: 'Copy link',
  linkCopied: 'Link copied',
  steps: 'Steps',
  stepPhone: 'Phone number and consent',
  stepEnd: 'End screen',
  stepPress: { submit: 'submit', cancel: 'cancel', refresh: 'refresh captcha', resend: 'resend SMS', recover: 'forgot password' },
  status: {
    idle: 'Not playing.',
    running: 'Playing step {step}…',
    jumping: 'Jumping to step {step}…',
    passed: 'Autoplay done: the expected end was reached.',
    failed: 'Autoplay missed the expected end (step {step}): {problem}',
    stopped: 'Stopped at step {step}.',
  },
  frameTitle: 'Authorization widget: {title}',
  lenderName: 'Example Lender',
  lenderText: 'Authorize your carrier data to submit the loan application.',
  configUnavailable: 'Could not read the demo configuration (/api/demo/config): latency and faults are unavailable.',
};

export const GALLERY_MESSAGES: Readonly<Record<GalleryLocale, GalleryMessages>> = { 'zh-CN': zhCN, en };

/** Fills `{name}` placeholders. */
export function fmt(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
