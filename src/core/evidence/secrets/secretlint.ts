import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type {
  SecretLintRuleContext,
  SecretLintRuleCreator,
  SecretLintRulePresetCreator,
  SecretLintRuleReportHandler,
  SecretLintSourceCode,
} from '@secretlint/types';
import type { SecretFinding, SecretRule } from './types';
import { credentialInUrl } from './url-credentials';

/**
 * Runs secretlint's recommended rules over evidence text, synchronously, through the public rule contract
 * (`create(context, options)` → `{ file(source) }` → `context.report({ message, range })`). Secretlint only
 * reports; we turn its reports into redactions. Left out on purpose: the comment filter (a
 * `secretlint-disable` line inside evidence must not switch redaction off) and any rule whose handler turns
 * out asynchronous (the GCP .p12 check reads a binary file by path).
 */
const SKIPPED_RULES = new Set(['@secretlint/secretlint-rule-filter-comments']);
// The AWS rule finds access key ids only when asked; account ids are not secrets and are dropped below.
const RULE_OPTIONS: Record<string, object> = { '@secretlint/secretlint-rule-aws': { enableIDScanRule: true } };
const DROPPED_MESSAGES = new Set(['AWSAccountID']);

const KIND_BY_MESSAGE: Record<string, string> = {
  AWSSecretAccessKey: 'AWS secret key',
  AWSAccessKeyID: 'AWS access key id',
  PrivateKeyJSON: 'private key',
  PrivateKeyP12: 'private key',
  PrivateKey: 'private key',
  PackageJSON_xOauthToken: 'GitHub token',
  Npmrc_authToken: 'npm token',
  NPM_ACCESS_TOKEN: 'npm token',
  SLACK_TOKEN: 'Slack token',
  IncomingWebhook: 'Slack webhook',
  BasicAuth: 'password in URL',
  OPENAI_TOKEN: 'OpenAI key',
  ANTHROPIC_API_KEY: 'Anthropic key',
  SENDGRID_KEY: 'SendGrid key',
  SHOPIFY_KEY: 'Shopify token',
  GITHUB_TOKEN: 'GitHub token',
  GITLAB_PERSONAL_ACCESS_TOKEN: 'GitLab token',
  OPS_TOKEN: '1Password token',
  MongoDBConnection: 'password in connection string',
  MySQLConnection: 'password in connection string',
  PostgreSQLConnection: 'password in connection string',
};

function kindOf(ruleId: string, messageId: string): string {
  if (KIND_BY_MESSAGE[messageId]) return KIND_BY_MESSAGE[messageId];
  if (messageId.startsWith('STRIPE_')) return 'Stripe key';
  const vendor = ruleId.replace(/^@secretlint\/secretlint-rule-/, '').replace(/-/g, ' ');
  return `${vendor.charAt(0).toUpperCase()}${vendor.slice(1)} ${/KEY/.test(messageId) ? 'key' : 'token'}`;
}

interface Report {
  ruleId: string;
  messageId: string;
  value: string;
  range: readonly [number, number];
}

interface LoadedRule {
  id: string;
  handler: SecretLintRuleReportHandler;
}

let sink: Report[] | undefined;
const loadedByPreset = new WeakMap<object, LoadedRule[]>();

function contextFor(ruleId: string): SecretLintRuleContext {
  return {
    sharedOptions: {},
    createTranslator: (messages) => (messageId, props) => {
      const data = (props ?? {}) as Record<string, unknown>;
      const message = messages[messageId as string]?.en(data) ?? String(messageId);
      return { message, messageId: String(messageId), data: props };
    },
    report: (descriptor) => {
      const data = (descriptor.message.data ?? {}) as Record<string, unknown>;
      const value = [data.KEY, data.TOKEN, data.ID, data.URI, data.CREDENTIAL, data.URL].find((v) => typeof v === 'string') as string | undefined;
      sink?.push({ ruleId, messageId: descriptor.message.messageId, value: value ?? '', range: descriptor.range });
    },
    ignore: () => undefined,
  } as SecretLintRuleContext;
}

function loadRules(preset: SecretLintRulePresetCreator): LoadedRule[] {
  const rules: LoadedRule[] = [];
  const register = (rule: SecretLintRuleCreator<unknown>) => {
    const id = rule.meta.id;
    if (SKIPPED_RULES.has(id)) return;
    try {
      rules.push({ id, handler: rule.create(contextFor(id), (RULE_OPTIONS[id] ?? {}) as never) });
    } catch {
      // A rule that cannot start is left out; our own rules still run.
    }
  };
  try {
    preset.create({ sharedOptions: {}, registerRule: register as never }, {});
  } catch {
    // A preset that fails part-way keeps the rules it registered.
  }
  return rules;
}

function sourceOf(text: string): SecretLintSourceCode {
  return {
    hasBOM: false,
    content: text,
    filePath: undefined,
    physicalFilePath: undefined,
    contentType: 'text',
    ext: '',
    getFilePath: () => undefined,
    getPhysicalFilePath: () => undefined,
    locationToRange: () => [0, 0],
    rangeToLocation: () => ({ start: { line: 1, column: 0 }, end: { line: 1, column: 0 } }),
    positionToIndex: () => 0,
    indexToPosition: () => ({ line: 1, column: 0 }),
  };
}

/** Where the secret of one report lies: some rules report a range that starts at the setting's name. */
function findingOf(text: string, r: Report): SecretFinding | undefined {
  let [start, end] = r.range;
  if (!(start >= 0 && end > start && end <= text.length)) return undefined;
  const kind = kindOf(r.ruleId, r.messageId);
  if (r.value && text.slice(start, end) !== r.value) {
    const at = text.indexOf(r.value, start);
    if (at !== -1 && at <= end) [start, end] = [at, at + r.value.length];
  }
  // Connection strings and basic-auth URLs: only the password goes, the user and host stay readable.
  const url = /^([a-z][a-z0-9+.-]{1,30}):\/\//i.exec(text.slice(start, Math.min(end, start + 40)));
  if (url) {
    const authorityStart = start + url[0].length;
    const c = credentialInUrl(url[1], text.slice(authorityStart, end), authorityStart);
    if (c) return { start: c.start, end: c.end, kind };
  }
  return { start, end, kind };
}

function rulesOf(preset: SecretLintRulePresetCreator): LoadedRule[] {
  let rules = loadedByPreset.get(preset);
  if (!rules) loadedByPreset.set(preset, (rules = loadRules(preset)));
  return rules;
}

/** Runs every synchronous rule of `preset` (secretlint's recommended one unless given) over `text`. */
export function secretlintFindings(text: string, preset: SecretLintRulePresetCreator = recommendedPreset): SecretFinding[] {
  const source = sourceOf(text);
  const findings: SecretFinding[] = [];
  const reports: Report[] = [];
  for (const rule of rulesOf(preset)) {
    reports.length = 0;
    sink = reports;
    try {
      const done = rule.handler.file?.(source);
      if (done && typeof (done as Promise<unknown>).then === 'function') {
        // An asynchronous rule cannot hold up a synchronous redaction: its late reports are dropped.
        (done as Promise<unknown>).catch(() => undefined);
        continue;
      }
    } catch {
      continue;
    } finally {
      sink = undefined;
    }
    for (const r of reports) {
      if (DROPPED_MESSAGES.has(r.messageId)) continue;
      const f = findingOf(text, r);
      if (f) findings.push(f);
    }
  }
  return findings;
}

export const secretlintRules: SecretRule = { id: 'secretlint', find: (text) => secretlintFindings(text) };

/** The ids of the secretlint rules that run, for the report of what is covered. */
export function secretlintRuleIds(preset: SecretLintRulePresetCreator = recommendedPreset): string[] {
  return rulesOf(preset).map((r) => r.id);
}
