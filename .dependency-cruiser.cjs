// The layers of src/core and the doors between src/core, src/node, src/extension and src/cli, checked by
// `npm run lint` (depcruise src). A layer imports only layers below it; folders on one level do not import
// each other, except where `SIBLING_NEEDS` says why.

/** src/core folders, bottom to top. A folder not listed here is refused until it is given a level. */
const LEVELS = [
  ['text'],
  ['workspace'],
  ['sop'],
  ['evidence', 'lint'],
  ['draft', 'approval', 'review', 'runs'],
  ['skill', 'automation', 'hooks'],
  ['usecases'],
];

/** Imports between folders of one level that are needed, and why. */
const SIBLING_NEEDS = {
  // A review's optional model reading goes through the drafting providers: their chat messages and the
  // containment that keeps SOP text inside the prompt as data.
  review: ['draft'],
  // An automation runs the exported skill and takes the skill's name, so it follows the skill's name rule.
  automation: ['skill'],
};

const ALL = LEVELS.flat();

/** One rule per folder of src/core: no import of a folder above it, nor of a sibling it has no need for. */
function layerRules() {
  return LEVELS.flatMap((level, i) =>
    level.map((folder) => {
      const needs = SIBLING_NEEDS[folder] ?? [];
      const refused = [...LEVELS.slice(i + 1).flat(), ...level.filter((f) => f !== folder && !needs.includes(f))];
      const allowed = [...LEVELS.slice(0, i).flat(), ...needs];
      return {
        name: `core-layer-${folder}`,
        comment: `src/core/${folder} may import only ${allowed.join(', ') || 'itself'} in core: move shared code down rather than import up.`,
        severity: 'error',
        from: { path: `^src/core/${folder}/` },
        to: { path: `^src/core/(${refused.join('|')})/` },
      };
    }),
  ).filter((rule) => !rule.to.path.endsWith('()/'));
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: split the shared part into a module both can import.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules(),
    {
      name: 'core-folder-without-level',
      comment: `Every folder of src/core has a level in .dependency-cruiser.cjs (LEVELS): give a new one its place.`,
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/core/', pathNot: `^src/core/(${ALL.join('|')})/` },
    },
    {
      name: 'core-file-without-level',
      comment: 'Every file of src/core sits in a folder that has a level in .dependency-cruiser.cjs (LEVELS).',
      severity: 'error',
      from: { path: '^src/core/', pathNot: `^src/core/(${ALL.join('|')})/` },
      to: {},
    },
    {
      name: 'core-not-vscode',
      comment: 'src/core is plain TypeScript: the editor reaches it through src/extension.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^vscode$|(^|/)node_modules/@types/vscode/' },
    },
    {
      name: 'core-not-disk-or-network',
      comment: 'src/core reaches files through the Workspace port (src/core/workspace/port.ts), never node directly.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|cluster)$' },
    },
    {
      name: 'core-not-adapters',
      comment: 'src/core never imports the editor, the command line or the node adapters.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(extension|cli|node)/' },
    },
    {
      name: 'node-only-core',
      comment: 'src/node implements core ports on node and may import only core.',
      severity: 'error',
      from: { path: '^src/node/' },
      to: { path: '^src/(extension|cli)/|^vscode$|(^|/)node_modules/@types/vscode/' },
    },
    {
      name: 'extension-not-cli',
      comment: 'The editor and the command line share core and node, never each other.',
      severity: 'error',
      from: { path: '^src/extension/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-not-extension',
      comment: 'The command line runs without VS Code: it shares core and node, never src/extension or vscode.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/extension/|^vscode$|(^|/)node_modules/@types/vscode/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing: a moved file whose importers were not updated.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^vscode$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules)/' },
    // Type-only imports count: a cycle or an upward import of types is still a layer crossed.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
