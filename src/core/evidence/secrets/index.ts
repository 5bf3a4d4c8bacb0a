import { assignments } from './assignments';
import { authHeaders } from './auth-headers';
import { cliFlags } from './cli-flags';
import { clientAuth } from './client-auth';
import { codeCalls } from './code-calls';
import { nameValuePairs } from './name-value-pairs';
import { nearSecretWords } from './near-secret-words';
import { passwordFlags } from './password-flags';
import { paymentDetails } from './payment-details';
import { labelledTokens } from './labelled-tokens';
import { privateKeys } from './private-keys';
import { prose } from './prose';
import { recoveryMaterial } from './recovery-material';
import { secretlintRules } from './secretlint';
import { serverSettings } from './server-settings';
import { splitValues } from './split-values';
import { tableCells } from './table-cells';
import { toolConfigs } from './tool-configs';
import type { SecretRule } from './types';
import { urlCredentials } from './url-credentials';
import { vendorTokens } from './vendor-tokens';
import { webhooks } from './webhooks';
import { xmlElements } from './xml-elements';

export type { SecretFinding, SecretRule } from './types';

/**
 * Every rule that finds secrets in evidence text, most specific first: where two findings overlap, the kind
 * named by the earlier rule is the one a reader sees ("Stripe key" rather than "secret value").
 */
export const SECRET_RULES: readonly SecretRule[] = [
  privateKeys,
  secretlintRules,
  vendorTokens,
  webhooks,
  urlCredentials,
  authHeaders,
  toolConfigs,
  cliFlags,
  passwordFlags,
  serverSettings,
  recoveryMaterial,
  nameValuePairs,
  xmlElements,
  codeCalls,
  clientAuth,
  assignments,
  prose,
  splitValues,
  tableCells,
  labelledTokens,
  nearSecretWords,
  paymentDetails,
];
