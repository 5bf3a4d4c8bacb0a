import type { SecretFinding, SecretRule } from './types';
import { looksRandom } from './values';
import { matchesOf } from './matches';

/**
 * Tokens recognisable by their vendor prefix or shape, for the vendors and formats secretlint's recommended
 * preset leaves out or matches only at one exact length (keys it misses once a vendor changes a length still
 * leak). Each pattern is anchored on a prefix and bounded, so it costs nothing on ordinary text.
 */
interface VendorToken {
  kind: string;
  /** Literal parts of which at least one must occur: a cheap test that skips the pattern on most texts. */
  hints: string[];
  re: RegExp;
  /** The secret part of a match, when the prefix should stay readable; the whole match otherwise. */
  group?: number;
  check?: (token: string) => boolean;
}

const randomBody =
  (prefix: RegExp, min = 16) =>
  (token: string) =>
    looksRandom(token.replace(prefix, ''), min);

const VENDOR_TOKENS: VendorToken[] = [
  { kind: 'Anthropic key', hints: ['sk-ant-'], re: /(?<![\w-])sk-ant-[A-Za-z0-9_-]{20,300}/g },
  {
    kind: 'OpenAI key',
    hints: ['sk-'],
    re: /(?<![\w-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,300}/g,
    check: randomBody(/^sk-(?:proj-|svcacct-|admin-)?/, 20),
  },
  {
    kind: 'Stripe key',
    hints: ['k_live_', 'k_test_', 'whsec_'],
    re: /(?<![\w-])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,250}|(?<![\w-])whsec_[A-Za-z0-9]{16,250}/g,
  },
  { kind: 'GitHub token', hints: ['gh', 'github_pat_'], re: /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{30,250}|github_pat_[A-Za-z0-9_]{22,250})/g },
  {
    kind: 'GitLab token',
    hints: ['gl', 'GR1348941'],
    re: /(?<![\w-])(?:gl(?:pat|dt|rt|ptt|cbt|imt|oas|ft|soat|agent)-[A-Za-z0-9_.-]{20,200}|GR1348941[A-Za-z0-9_-]{20,60})/g,
  },
  { kind: 'Slack token', hints: ['xox', 'xapp-'], re: /(?<![\w-])(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,250}/g },
  { kind: 'AWS access key id', hints: ['A'], re: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[0-9A-Z]{16}(?![A-Z0-9])/g },
  { kind: 'Google API key', hints: ['AIza'], re: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { kind: 'Google OAuth secret', hints: ['GOCSPX-'], re: /(?<![\w-])GOCSPX-[A-Za-z0-9_-]{20,60}/g },
  { kind: 'Google OAuth token', hints: ['ya29.', '1//0'], re: /(?<![\w-])(?:ya29\.[A-Za-z0-9_-]{20,2000}|1\/\/0[A-Za-z0-9_-]{30,500})/g },
  { kind: 'JWT', hints: ['eyJ'], re: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{8,4000}/g },
  { kind: 'Twilio key', hints: ['AC', 'SK'], re: /(?<![\w-])(?:AC|SK)[0-9a-f]{32}(?![\w-])/g },
  { kind: 'Square token', hints: ['sq0', 'EAAA'], re: /(?<![\w-])(?:sq0atp-[A-Za-z0-9_-]{22,60}|sq0csp-[A-Za-z0-9_-]{40,60}|EAAA[A-Za-z0-9_-]{50,200})/g },
  { kind: 'Meta access token', hints: ['EAA'], re: /(?<![\w-])EAA[B-Z][A-Za-z0-9]{60,400}/g },
  { kind: 'SendGrid key', hints: ['SG.'], re: /(?<![\w-])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g },
  { kind: 'Mailgun key', hints: ['key-'], re: /(?<![\w-])key-[0-9a-f]{32}(?![\w-])/g },
  { kind: 'Mailchimp key', hints: ['-us'], re: /(?<![\w-])[0-9a-f]{32}-us\d{1,2}(?![\w-])/g },
  { kind: 'npm token', hints: ['npm_'], re: /(?<![\w-])npm_[A-Za-z0-9]{30,60}(?![\w-])/g },
  { kind: 'PyPI token', hints: ['pypi-AgE'], re: /(?<![\w-])pypi-AgE[A-Za-z0-9_-]{50,300}/g },
  { kind: 'Sentry token', hints: ['sntry'], re: /(?<![\w-])(?:sntrys_[A-Za-z0-9+/=_]{50,300}|sntryu_[0-9a-f]{64})/g },
  { kind: 'DigitalOcean token', hints: ['_v1_'], re: /(?<![\w-])do[opr]_v1_[0-9a-f]{64}/g },
  { kind: 'Heroku key', hints: ['HRKU-'], re: /(?<![\w-])HRKU-[A-Za-z0-9_-]{20,80}/g },
  { kind: 'Atlassian token', hints: ['AT'], re: /(?<![\w-])(?:ATATT3[A-Za-z0-9_=-]{100,300}|ATBB[A-Za-z0-9_=.-]{28,100}|ATCTT3[A-Za-z0-9_=-]{100,300})/g },
  { kind: 'Azure client secret', hints: ['Q~'], re: /(?<![\w~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/g },
  { kind: 'Terraform token', hints: ['.atlasv1.'], re: /(?<![\w-])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,120}/g },
  // Service tokens carry the environment's name: `dp.st.prd.<body>`.
  { kind: 'Doppler token', hints: ['dp.'], re: /(?<![\w-])dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9_-]{40,60}/g },
  { kind: 'Postman key', hints: ['PMAK-'], re: /(?<![\w-])PMAK-[0-9a-f]{24}-[0-9a-f]{34}/g },
  { kind: 'Pulumi token', hints: ['pul-'], re: /(?<![\w-])pul-[0-9a-f]{40}/g },
  { kind: 'age secret key', hints: ['AGE-SECRET-KEY-1'], re: /(?<![\w-])AGE-SECRET-KEY-1[0-9A-Z]{58}/g },
  { kind: 'Dropbox token', hints: ['sl.'], re: /(?<![\w-])sl\.[A-Za-z0-9_-]{130,200}/g },
  { kind: 'Notion token', hints: ['secret_', 'ntn_'], re: /(?<![\w-])(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50})(?![\w-])/g },
  { kind: 'Airtable token', hints: ['pat'], re: /(?<![\w-])pat[A-Za-z0-9]{14}\.[0-9a-f]{64}/g },
  { kind: 'New Relic key', hints: ['NR'], re: /(?<![\w-])NR(?:AK|JS|II|AA)-[A-Z0-9]{20,40}/g },
  { kind: 'Firebase server key', hints: [':APA91b'], re: /(?<![\w-])AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,200}/g },
  { kind: 'Shippo token', hints: ['shippo_'], re: /(?<![\w-])shippo_(?:live|test)_[0-9a-f]{40}/g },
  { kind: 'Braintree token', hints: ['access_token$'], re: /(?<![\w-])access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}/g },
  { kind: 'Mapbox token', hints: ['sk.eyJ'], re: /(?<![\w-])sk\.eyJ[A-Za-z0-9_-]{30,200}\.[A-Za-z0-9_-]{20,60}/g },
  { kind: 'Contentful token', hints: ['CFPAT-'], re: /(?<![\w-])CFPAT-[A-Za-z0-9_-]{43}/g },
  { kind: 'Netlify token', hints: ['nfp_'], re: /(?<![\w-])nfp_[A-Za-z0-9]{36,40}/g },
  { kind: 'Fly.io token', hints: ['fo1_', 'FlyV1 '], re: /(?<![\w-])(?:fo1_[A-Za-z0-9_-]{40,50}|FlyV1 fm2_[A-Za-z0-9_+/=-]{40,2000})/g },
  { kind: 'Supabase token', hints: ['sbp_', 'sb_secret_'], re: /(?<![\w-])(?:sbp_[0-9a-f]{40}|sb_secret_[A-Za-z0-9_-]{20,60})/g },
  { kind: 'Replicate token', hints: ['r8_'], re: /(?<![\w-])r8_[A-Za-z0-9]{37}(?![\w-])/g },
  { kind: 'Hugging Face token', hints: ['hf_'], re: /(?<![\w-])hf_[A-Za-z0-9]{30,40}(?![\w-])/g },
  { kind: 'Perplexity key', hints: ['pplx-'], re: /(?<![\w-])pplx-[A-Za-z0-9]{40,60}(?![\w-])/g },
  { kind: 'xAI key', hints: ['xai-'], re: /(?<![\w-])xai-[A-Za-z0-9]{60,100}(?![\w-])/g },
  { kind: 'Razorpay key', hints: ['rzp_'], re: /(?<![\w-])rzp_(?:live|test)_[A-Za-z0-9]{14,20}(?![\w-])/g },
  { kind: 'Flutterwave key', hints: ['FLWSECK'], re: /(?<![\w-])FLWSECK(?:_TEST)?-[0-9a-f]{32}-X/g },
  { kind: 'Telegram bot token', hints: [':AA'], re: /(?<![\w:])(?:bot)?(\d{6,12}:AA[A-Za-z0-9_-]{30,40})(?![\w-])/g, group: 1 },
  { kind: 'Vault token', hints: ['hvs.', 'hvb.', 'hvr.'], re: /(?<![\w-])hv[sbr]\.[A-Za-z0-9_-]{24,300}(?![\w-])/g },
  { kind: 'Databricks token', hints: ['dapi'], re: /(?<![\w-])dapi[0-9a-f]{32}(?:-\d)?(?![\w-])/g },
  { kind: 'Shopify token', hints: ['shp'], re: /(?<![\w-])shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}(?![\w-])/g },
  { kind: 'Docker token', hints: ['dckr_pat_'], re: /(?<![\w-])dckr_pat_[A-Za-z0-9_-]{20,40}(?![\w-])/g },
  { kind: 'Linear key', hints: ['lin_api_'], re: /(?<![\w-])lin_api_[A-Za-z0-9]{32,128}(?![\w-])/g },
  { kind: 'Grafana token', hints: ['glc_', 'glsa_'], re: /(?<![\w-])(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})/g },
  { kind: 'Alibaba Cloud key', hints: ['LTAI'], re: /(?<![\w-])LTAI[A-Za-z0-9]{12,30}(?![\w-])/g },
  { kind: 'Tencent Cloud key', hints: ['AKID'], re: /(?<![\w-])AKID[A-Za-z0-9]{13,40}(?![\w-])/g, check: randomBody(/^AKID/, 13) },
  { kind: 'Azure DevOps token', hints: ['JQQJ9'], re: /(?<![\w-])[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{20,40}(?![\w-])/g },
  { kind: 'Twitter bearer token', hints: ['AAAAAAAAAAAAAAAAAAAA'], re: /(?<![\w-])A{20,25}[A-Za-z0-9%]{30,200}(?![\w-])/g, check: randomBody(/^A+/, 20) },
  { kind: 'RubyGems key', hints: ['rubygems_'], re: /(?<![\w-])rubygems_[0-9a-f]{48}(?![\w-])/g },
  { kind: 'NuGet key', hints: ['oy2'], re: /(?<![\w-])oy2[a-z0-9]{43}(?![\w-])/g, check: randomBody(/^oy2/, 20) },
  { kind: 'Clojars token', hints: ['CLOJARS_'], re: /(?<![\w-])CLOJARS_[a-z0-9]{60}(?![\w-])/g },
  { kind: 'Buildkite token', hints: ['bkua_'], re: /(?<![\w-])bkua_[a-f0-9]{40}(?![\w-])/g },
  { kind: 'CircleCI token', hints: ['CCIPAT_'], re: /(?<![\w-])CCIPAT_[A-Za-z0-9]{20,30}_[a-f0-9]{40}(?![\w-])/g },
  { kind: 'PlanetScale token', hints: ['pscale_'], re: /(?<![\w-])pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}(?![\w-])/g },
  { kind: 'Prefect key', hints: ['pnu_'], re: /(?<![\w-])pnu_[A-Za-z0-9]{36}(?![\w-])/g },
  { kind: 'Brevo key', hints: ['xkeysib-', 'xsmtpsib-'], re: /(?<![\w-])x(?:key|smtp)sib-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![\w-])/g },
  { kind: 'Typeform token', hints: ['tfp_'], re: /(?<![\w-])tfp_[A-Za-z0-9_.=-]{40,80}(?![\w-])/g, check: randomBody(/^tfp_/, 20) },
  { kind: 'Sourcegraph token', hints: ['sgp_'], re: /(?<![\w-])sgp_(?:[a-f0-9]{16}_)?[a-f0-9]{40}(?![\w-])/g },
  { kind: 'Dynatrace token', hints: ['dt0c01.'], re: /(?<![\w-])dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}(?![\w-])/g },
  { kind: 'Duffel token', hints: ['duffel_'], re: /(?<![\w-])duffel_(?:test|live)_[A-Za-z0-9_=-]{40,50}(?![\w-])/g },
  { kind: 'EasyPost key', hints: ['EZAK', 'EZTK'], re: /(?<![\w-])EZ[AT]K[A-Za-z0-9]{54}(?![\w-])/g },
  { kind: 'HubSpot token', hints: ['pat-'], re: /(?<![\w-])pat-(?:na|eu|ap)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/g },
  {
    kind: 'Plaid token',
    hints: ['access-'],
    re: /(?<![\w-])access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/g,
  },
  { kind: 'Pinecone key', hints: ['pcsk_'], re: /(?<![\w-])pcsk_[A-Za-z0-9_]{40,100}(?![\w-])/g },
  { kind: 'LangSmith key', hints: ['lsv2_'], re: /(?<![\w-])lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}(?![\w-])/g },
  { kind: 'Groq key', hints: ['gsk_'], re: /(?<![\w-])gsk_[A-Za-z0-9]{48,56}(?![\w-])/g },
  { kind: 'Resend key', hints: ['re_'], re: /(?<![\w-])re_[A-Za-z0-9_]{30,40}(?![\w-])/g, check: randomBody(/^re_/, 20) },
  { kind: 'Render key', hints: ['rnd_'], re: /(?<![\w-])rnd_[A-Za-z0-9]{30,40}(?![\w-])/g, check: randomBody(/^rnd_/, 20) },
  { kind: 'JFrog token', hints: ['AKCp'], re: /(?<![\w-])AKCp[A-Za-z0-9]{69}(?![\w-])/g },
  { kind: 'Frame.io token', hints: ['fio-u-'], re: /(?<![\w-])fio-u-[A-Za-z0-9_=-]{64}(?![\w-])/g },
  { kind: 'Scalingo token', hints: ['tk-us-'], re: /(?<![\w-])tk-us-[A-Za-z0-9_-]{48}(?![\w-])/g },
  { kind: 'Cloudflare origin CA key', hints: ['v1.0-'], re: /(?<![\w-])v1\.0-[a-f0-9]{24}-[a-f0-9]{146}(?![\w-])/g },
];

function findVendorTokens(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const t of VENDOR_TOKENS) {
    if (!t.hints.some((h) => text.includes(h))) continue;
    for (const m of matchesOf(t.re, text)) {
      const token = t.group ? m[t.group] : m[0];
      if (t.check && !t.check(token)) continue;
      const start = (m.index ?? 0) + m[0].length - token.length;
      found.push({ start, end: start + token.length, kind: t.kind });
    }
  }
  return found;
}

export const vendorTokens: SecretRule = { id: 'vendor-token', find: findVendorTokens };
