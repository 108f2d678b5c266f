import { vendorOf } from '../providers/registry';
import type { ServerConfig } from './env';
import { configuredProviders } from './env-routing';

// NODE_ENV=production: what a deployment must configure, and what it may not turn on. Each problem
// names the variable, so the operator reads what to set.

const given = (source: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const value = source[name]?.trim();
  return value ? value : undefined;
};

/** The configuration production refuses to start without (or with). */
export function productionProblems(source: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  const require = (name: string, why: string) => {
    if (given(source, name) === undefined) problems.push(`${name}: required in production (NODE_ENV=production): ${why}`);
  };
  const refuse = (name: string, value: string, why: string) => {
    if (given(source, name) === value) problems.push(`${name}: cannot be ${value} in production (NODE_ENV=production): ${why}`);
  };

  // No simulator fallback: a production server talks to every configured vendor or does not start.
  for (const provider of configuredProviders(source)) {
    const { live } = vendorOf(provider).env;
    require(live.variable, live.why);
  }
  require('PUSH_SECRET', 'the secret segment of the vendor push URLs (32-96 of A-Z a-z 0-9 _ -)');
  require('PUBLIC_URL', 'where browsers and vendors reach this server (push URLs and the notice_url derive from it)');
  require('LENDER_API_KEYS', 'sessions start only from link tokens, which only a lender key can create');
  if (given(source, 'DATA_DIR') === ':memory:')
    problems.push('DATA_DIR: cannot be :memory: in production (NODE_ENV=production): it keeps nothing');
  refuse('DEMO_MODE', 'on', 'demo sessions are for designers, on a development server');
  refuse('REQUIRE_LINK_TOKEN', 'false', 'every session starts from a lender link');
  refuse('WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'true', 'lender webhooks must not reach into your network');
  refuse('LIMIT_CAPTCHA_REFRESH_SECONDS', '0', 'captcha refreshes must stay limited');
  const examplePort = given(source, 'EXAMPLE_LENDER_PORT');
  if (examplePort !== undefined && examplePort !== '0') {
    problems.push(
      'EXAMPLE_LENDER_PORT: must be 0 or unset in production (NODE_ENV=production): the example lender runs only in development',
    );
  }
  return problems;
}

/** The one start-up line stating the posture, so an operator sees at a glance what is on. */
export function postureLine(config: ServerConfig, pushSecretSource: 'PUSH_SECRET' | 'generated'): string {
  const vendors = config.routing.providers.map(
    (name) => `${name} ${vendorOf(name).env.mode(config[name]) === 'live' ? 'live vendor' : 'built-in simulator'}`,
  );
  const { limits } = config;
  const parts = [
    vendors.join(', '),
    config.requireLinkToken ? 'link tokens required' : 'link tokens optional',
    `demo ${config.demoMode ? 'on' : 'off'}`,
    `example lender ${config.exampleLender ? 'on' : 'off'}`,
    `webhooks to private networks ${config.webhookAllowPrivateNetworks ? 'allowed' : 'refused'}`,
    `HSTS ${config.hsts ? 'on' : 'off'}`,
    `push secret ${pushSecretSource === 'PUSH_SECRET' ? 'from PUSH_SECRET' : 'generated (development)'}`,
    `limits: ${limits.startsPerNumber} starts/number/h, ${limits.smsPerNumberShort} SMS/number/10 min, ` +
      `${limits.wrongPasswordsPerNumber} wrong passwords/number/24 h`,
    `trust proxy ${config.trustProxy === false ? 'off' : Array.isArray(config.trustProxy) ? config.trustProxy.join(',') : `${config.trustProxy} hop(s)`}`,
    `store ${config.databaseUrl === undefined ? 'SQLite (one instance)' : 'PostgreSQL (shared)'}`,
  ];
  return `Posture: ${config.mode.toUpperCase()} (${parts.join('; ')})`;
}
