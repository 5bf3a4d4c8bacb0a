/**
 * The words that name each part of an SOP in a heading, for headings that are not in the lists of whole
 * headings: a heading's head noun ("Process **Steps**", "Release **schedule**"), stemmed so that plurals and
 * other forms count, and the words a heading may open with ("**When** - releases", "**Verify** the build").
 * Keys are the section kinds of sections.ts, which checks them.
 */
export const SECTION_WORDS = {
  why: {
    heads: [
      'why',
      'purpose',
      'objective',
      'goal',
      'aim',
      'background',
      'context',
      'overview',
      'summary',
      'introduction',
      'rationale',
      'scope',
      'motivation',
      'impact',
    ],
    openers: ['why', 'what is', 'what are'],
  },
  trigger: {
    heads: ['trigger', 'schedule', 'scheduling', 'timing', 'frequency', 'cadence', 'notification', 'alert'],
    openers: ['when', 'what triggers'],
  },
  owner: {
    heads: [
      'owner',
      'ownership',
      'role',
      'responsibility',
      'raci',
      'accountability',
      'team structure',
      'charter',
      'remit',
      'steward',
      'approver',
      'maintainer',
      'release manager',
    ],
    openers: ['who'],
  },
  inputs: {
    heads: [
      'input',
      'prerequisite',
      'precondition',
      'requirement',
      'setup',
      'configuration',
      'preparation',
      'material',
      'what you need',
      'tools needed',
      'before you start',
      'before you begin',
    ],
    openers: [],
  },
  steps: {
    heads: [
      'step',
      'procedure',
      'instruction',
      'process',
      'method',
      'workflow',
      'mechanics',
      'timeline',
      'runbook',
      'playbook',
      'task',
      'mitigation',
      'remediation',
    ],
    openers: ['how', 'step'],
  },
  decisions: {
    heads: [
      'decision',
      'rule',
      'guideline',
      'criteria',
      'criterion',
      'threshold',
      'scenario',
      'judgment call',
      'judgement call',
      // Scales a case is placed on before deciding what to do: "Severity", "Supplier criticality".
      'severity',
      'criticality',
      'classification',
      'categorization',
      'categorisation',
      'severity level',
      'priority level',
      'risk level',
      // The terms a case is held to: "Conditions for SaaS users", "Spending limits", "Approval matrix".
      'condition',
      'limit',
      'matrix',
    ],
    openers: ['if', 'decide', 'deciding', 'choose', 'choosing', 'what needs', 'what requires'],
  },
  quality: {
    heads: ['quality', 'verification', 'validation', 'check', 'qa', 'testing', 'audit', 'acceptance'],
    openers: ['verify', 'verifying', 'validate', 'validating', 'check', 'testing', 'confirm', 'confirming'],
  },
  failures: {
    heads: [
      'failure',
      'troubleshooting',
      'problem',
      'error',
      'exception',
      'pitfall',
      'mistake',
      'rollback',
      'roll back',
      'recovery',
      'revert',
      'debugging',
      'faq',
      'frequently asked question',
      'known issue',
    ],
    openers: [
      'troubleshoot',
      'troubleshooting',
      'debug',
      'debugging',
      'rollback',
      'revert',
      'reverting',
      // Doing the work again after it went wrong: "Rebuilding stable pre-releases", "Retry a failed upload".
      'rebuild',
      'rebuilding',
      'retry',
      'retrying',
      'rerun',
      'rerunning',
      'undo',
      'undoing',
      // "What if a vendor breaks the embargo?"
      'what if',
    ],
  },
  escalation: {
    heads: ['escalation', 'contact', 'contact information', 'contact details', 'getting help'],
    openers: ['escalate', 'escalating', 'contact', 'contacting'],
  },
  output: {
    heads: ['output', 'deliverable', 'result', 'outcome', 'expected result'],
    openers: [],
  },
} as const;

/** Words that end a heading's head phrase: "Steps **for** the Incident Commander" is about steps. */
export const PHRASE_BREAKS = new Set([
  'for',
  'of',
  'in',
  'on',
  'at',
  'to',
  'with',
  'during',
  'after',
  'before',
  'from',
  'by',
  'about',
  'per',
  'via',
  'into',
  'within',
  'under',
  'while',
  'when',
  'if',
  'that',
  'where',
  'which',
]);

/** Words before the first real word that say nothing about the part ("The", "Our"). */
export const LEADING_FILLERS = new Set(['the', 'a', 'an', 'our', 'your', 'this', 'these', 'its', 'general']);

/**
 * A heading that names what sets the work off: "Things that may result in you being contacted", "Events that
 * trigger a release". The head noun is generic, so the clause after it tells the part.
 */
export const CAUSE_HEADING = {
  heads: new Set(['thing', 'event', 'situation', 'case', 'circumstance', 'condition', 'reason', 'signal', 'alert']),
  modals: new Set(['may', 'might', 'can', 'could', 'will', 'would', 'should', 'usually', 'often', 'typically']),
  verbs: [
    'result in',
    'results in',
    'lead to',
    'leads to',
    'trigger',
    'triggers',
    'start',
    'starts',
    'cause',
    'causes',
    'prompt',
    'prompts',
    'set off',
    'sets off',
  ],
};
