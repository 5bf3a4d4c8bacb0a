// ESLint for the sources, the tests and the build scripts: the recommended JavaScript and typescript-eslint
// rules (not the type-checked set: on a 2-core machine it takes over a minute), a few rules the code already
// keeps, and the doors of src/core where the editor can show them. The layers themselves are checked by
// dependency-cruiser (.dependency-cruiser.cjs); the formatting by Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's globals that the .mjs scripts use (the `globals` package is not a dependency of this project). */
const NODE_GLOBALS = Object.fromEntries(
  (
    'process console Buffer URL URLSearchParams AbortController AbortSignal fetch TextDecoder TextEncoder performance structuredClone ' +
    'queueMicrotask setTimeout clearTimeout setInterval clearInterval setImmediate clearImmediate'
  )
    .split(' ')
    .map((name) => [name, 'readonly']),
);

/** What src/core may not import: it is plain TypeScript, reached by the editor and the CLI through its ports. */
const CORE_REFUSED = {
  paths: [{ name: 'vscode', message: 'src/core never imports vscode: put the editor part in src/extension.' }],
  patterns: [
    {
      regex: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|cluster)$',
      message: 'src/core reaches files through the Workspace port (src/core/workspace/port.ts), never node directly.',
    },
    { regex: '(^|/)(extension|cli|node)/', message: 'src/core never imports the editor, the command line or the node adapters.' },
  ],
};

const UNUSED = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '.cache/**', 'test/fixtures/**'] },
  { files: ['**/*.{ts,mjs,cjs,js}'], extends: [js.configs.recommended] },
  { files: ['**/*.ts'], extends: [tseslint.configs.recommended] },
  {
    files: ['**/*.{ts,mjs,cjs,js}'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (tsc's noUnusedParameters agrees); `{ a, ...rest }` drops a.
      'no-unused-vars': ['error', UNUSED],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'object-shorthand': 'error',
      'no-throw-literal': 'error',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // tsc reports unknown names in .ts files; typescript-eslint's rule knows type-only uses.
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { ...UNUSED, destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // esbuild compiles each file alone (isolatedModules): a type import must say so to be dropped.
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['**/*.{mjs,js}'], languageOptions: { sourceType: 'module', globals: NODE_GLOBALS } },
  // The run view's page runs in a webview: a browser script, with the one function VS Code gives it.
  {
    files: ['media/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries('acquireVsCodeApi document window CSS setTimeout clearTimeout'.split(' ').map((name) => [name, 'readonly'])),
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...NODE_GLOBALS, module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  { files: ['src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', CORE_REFUSED] } },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)cli/', message: 'The editor and the command line share core and node, never each other.' }] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The command line runs without VS Code.' }],
          patterns: [{ regex: '(^|/)extension/', message: 'The editor and the command line share core and node, never each other.' }],
        },
      ],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/node implements core ports on node, without VS Code.' }],
          patterns: [{ regex: '(^|/)(extension|cli)/', message: 'src/node may import only src/core.' }],
        },
      ],
    },
  },
);
