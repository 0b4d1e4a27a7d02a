// ESLint flat config. Besides code quality it enforces the layer boundaries of
// docs/architecture.md: which runtime each folder may use is a lint error, not a convention.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

const tsconfigRootDir = import.meta.dirname;

// One program per side; typescript-eslint uses the first tsconfig that includes a file.
// Tests beside the code (*.test.ts) are excluded from electron/ and shared/ and
// included by tests/tsconfig.json, so that one must come before renderer's.
const project = ['shared/tsconfig.json', 'electron/tsconfig.json', 'tests/tsconfig.json', 'renderer/tsconfig.json'];

// --- Boundary rules -------------------------------------------------------

const electronImport = { name: 'electron', message: "Only electron/main and electron/preload may import 'electron' (services and web are plain Node; see architecture.md)." };
// Electron also exports subpaths ('electron/main', 'electron/common', 'electron/renderer').
const electronSubpaths = { group: ['electron/*'], message: electronImport.message };
// The renderer reaches the desktop side only through its one client (renderer/src/api), never by
// importing a file of electron/: such an import type-checks and bundles, then drags Node code
// into the page. (renderer/tsconfig.json's rootDir makes it a compile error as well.)
const electronFolder = {
  group: ['**/electron/**'],
  message: 'The renderer must not import from electron/: go through the API contract in shared/api and renderer/src/api (see architecture.md).',
};

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const nodeImports = [
  ...nodeBuiltins.map((name) => ({ name, message: 'This layer runs without Node: no Node built-ins (see architecture.md).' })),
  { name: 'better-sqlite3', message: 'SQLite belongs to electron/services; go through the API contract.' },
];
const nodePrefix = { group: ['node:*'], message: 'This layer runs without Node: no Node built-ins (see architecture.md).' };

const handsontableImports = {
  group: ['handsontable', 'handsontable/*', '@handsontable/*'],
  message: 'Only renderer/src/grid/ (the Handsontable adapter) may import Handsontable.',
};
const excelImports = [
  { name: 'exceljs', message: 'Excel work runs in electron/services/excel, never in the renderer.' },
];

// no-restricted-imports sees only static imports: `await import('electron')` or
// `require('electron')` in a service would pass it, and pass the unit tests too (Vitest aliases
// 'electron' to a stub), then break the browser host and the CLI, which run on plain Node.
// esquery regexes cannot contain a literal "/", hence \x2F. The specifier test matches
// 'electron' and 'electron/main' but not packages such as 'electron-log'.
const electronSpecifier = String.raw`/^electron(?![\w.-])/`;
const dynamicElectron = [
  { selector: `ImportExpression[source.value=${electronSpecifier}]`, message: `Dynamic import('electron') is not allowed here: ${electronImport.message}` },
  { selector: `CallExpression[callee.name='require'][arguments.0.value=${electronSpecifier}]`, message: `require('electron') is not allowed here: ${electronImport.message}` },
  // module.require('electron'), createRequire(...).require and the like.
  { selector: `CallExpression[callee.property.name='require'][arguments.0.value=${electronSpecifier}]`, message: `require('electron') is not allowed here: ${electronImport.message}` },
];
const dynamicElectronFolder = [
  { selector: String.raw`ImportExpression[source.value=/\x2Felectron\x2F/]`, message: electronFolder.message },
];

/** @param {{ paths?: object[]; patterns?: object[]; syntax?: object[] }} restrictions */
const restrict = ({ paths = [], patterns = [], syntax = [] }) => ({
  // The TS version also sees `import x = require()` and type-only imports.
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
  'no-restricted-syntax': ['error', ...syntax],
});

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'tests/.artifacts/**', 'release/**', 'coverage/**', 'out/**', '.tmp/**'],
  },

  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project, tsconfigRootDir, extraFileExtensions: ['.vue'] },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // Vue single-file components: vue-eslint-parser outside, the TS parser (type-aware) inside <script>.
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: ['renderer/**/*.vue'] })),
  {
    files: ['renderer/**/*.vue'],
    // Correctness rules stay; template layout (attributes per line, self-closing…)
    // is formatting, and there is no formatter in this repo to keep it satisfied.
    rules: pluginVue.configs['no-layout-rules'].rules,
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, project, tsconfigRootDir, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },

  // Plain JS (this file, build scripts): Node scripts outside every tsconfig, so no type-aware rules.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },

  // Sandboxed preloads are CommonJS, and verbatimModuleSyntax allows only `import x = require()` there.
  {
    files: ['electron/preload/**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },

  // Tests: Vitest's asymmetric matchers (expect.stringMatching …) are typed `any`,
  // and spying on methods passes them unbound. Still no explicit `any`, no floating promises.
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // --- Boundaries (later blocks win per file, so each folder lists all its restrictions) ---
  {
    files: ['electron/services/**', 'electron/web/**'],
    rules: restrict({ paths: [electronImport], patterns: [electronSubpaths, handsontableImports], syntax: dynamicElectron }),
  },
  {
    files: ['shared/**'],
    rules: restrict({
      paths: [electronImport, ...nodeImports, ...excelImports],
      patterns: [electronSubpaths, nodePrefix, handsontableImports],
      syntax: dynamicElectron,
    }),
  },
  {
    files: ['renderer/**'],
    rules: restrict({
      paths: [electronImport, ...nodeImports, ...excelImports],
      patterns: [electronFolder, nodePrefix, handsontableImports],
      syntax: [...dynamicElectron, ...dynamicElectronFolder],
    }),
  },
  {
    files: ['renderer/src/grid/**'],
    rules: restrict({
      paths: [electronImport, ...nodeImports, ...excelImports],
      patterns: [electronFolder, nodePrefix],
      syntax: [...dynamicElectron, ...dynamicElectronFolder],
    }),
  },
);
