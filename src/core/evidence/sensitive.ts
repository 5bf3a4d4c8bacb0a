import ignore from 'ignore';

type Ignore = ignore.Ignore;

/**
 * Files whose names say they hold secrets or personal data. Their content is never read: they are
 * listed as left out, with the reason, so the person sees what was kept back.
 */

interface SensitiveGroup {
  reason: string;
  patterns: string[];
}

const DEFAULT_GROUPS: SensitiveGroup[] = [
  { reason: 'sensitive: environment file', patterns: ['.env', '.env.*', '*.env', '.envrc'] },
  {
    reason: 'sensitive: private key or certificate',
    patterns: ['*.pem', '*.key', 'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*', '*.p12', '*.pfx', '*.keystore', '*.jks', '*.crt', '*.cer', '*.ppk', '*.gpg', '*.asc', '.ssh/', '.gnupg/'],
  },
  {
    reason: 'sensitive: credentials or secrets file',
    patterns: [
      '*credentials*', '*secret*', '*password*', '*passwd*', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pypirc', '.netrc', '_netrc', '.pgpass', '.my.cnf',
      '.git-credentials', '.htpasswd', '.dockercfg', '.docker/', '.aws/', '.azure/', '.kube/', '*.kdbx', '*.kdb', '*.tfstate', '*.tfstate.*', '*.tfvars',
      'service-account*.json', '*.ovpn', '.vault-token',
    ],
  },
];

/** Words in a file or folder name that mean personal data (word-ish: `hr/`, `HR-policies.pdf`, `salary_2026.xlsx`; not `three.md`). */
const PERSONAL_WORDS = new Map<string, string>([
  ['payroll', 'payroll'], ['payrolls', 'payroll'], ['payslip', 'payroll'], ['payslips', 'payroll'],
  ['salary', 'salary'], ['salaries', 'salary'],
  ['hr', 'HR'],
  ['legal', 'legal'],
  ['contract', 'contract'], ['contracts', 'contract'],
  ['medical', 'medical'],
  ['passport', 'passport'], ['passports', 'passport'],
]);

export interface SensitiveRules {
  /** Why `relPath` (workspace-relative; a folder ends in "/") is sensitive, or undefined. */
  reasonFor(relPath: string): string | undefined;
  /**
   * The same for an entry the walk reached from its folder, whose ancestors were already checked: the
   * built-in rules are about names, so only the name is tested (and remembered), custom ones on the path.
   */
  reasonForChild(relPath: string, name: string, isDir: boolean): string | undefined;
}

function wordsOf(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/))
    .map((w) => w.toLowerCase())
    .filter(Boolean);
}

export function createSensitiveRules(extra: string[] = [], replaceDefaults = false): SensitiveRules {
  const groups: Array<{ reason: string; ig: Ignore }> = [];
  if (!replaceDefaults) for (const g of DEFAULT_GROUPS) groups.push({ reason: g.reason, ig: ignore().add(g.patterns) });
  const custom = ignore().add(extra.map((pattern) => ({ pattern, mark: pattern })));
  const byName = new Map<string, string | undefined>();
  const rules: SensitiveRules = {
    reasonForChild(relPath, name, isDir) {
      const key = isDir ? `${name}/` : name;
      let reason = byName.get(key);
      if (reason === undefined && !byName.has(key)) {
        reason = defaultsFor(key);
        if (byName.size > 20_000) byName.clear();
        byName.set(key, reason);
      }
      if (reason) return reason;
      return extra.length > 0 ? customFor(isDir ? `${relPath}/` : relPath) : undefined;
    },
    reasonFor(relPath) {
      const path = relPath.replace(/^\.\//, '');
      if (!path || path === '/') return undefined;
      try {
        for (const g of groups) if (g.ig.ignores(path)) return g.reason;
        if (extra.length > 0) {
          const r = custom.test(path);
          if (r.ignored) return `sensitive: matches "${r.rule?.pattern ?? ''}" (your sensitive-files setting)`;
        }
      } catch {
        // `ignore` refuses names such as "..."; the word check below still applies.
      }
      if (!replaceDefaults) {
        for (const segment of path.replace(/\/$/, '').split('/')) {
          const hit = wordsOf(segment.replace(/\.[A-Za-z0-9]{1,5}$/, '')).find((w) => PERSONAL_WORDS.has(w));
          if (hit) return `sensitive: name says ${PERSONAL_WORDS.get(hit)} (personal data)`;
        }
      }
      return undefined;
    },
  };
  function defaultsFor(name: string): string | undefined {
    if (replaceDefaults) return undefined;
    try {
      for (const g of groups) if (g.ig.ignores(name)) return g.reason;
    } catch {
      // `ignore` refuses names such as "..."; the word check below still applies.
    }
    const hit = wordsOf(name.replace(/\/$/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '')).find((w) => PERSONAL_WORDS.has(w));
    return hit ? `sensitive: name says ${PERSONAL_WORDS.get(hit)} (personal data)` : undefined;
  }
  function customFor(path: string): string | undefined {
    try {
      const r = custom.test(path);
      if (r.ignored) return `sensitive: matches "${r.rule?.pattern ?? ''}" (your sensitive-files setting)`;
    } catch {
      // A path `ignore` cannot test is not matched by a custom rule.
    }
    return undefined;
  }
  return rules;
}
