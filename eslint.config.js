import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// Layer rules (STYLE.md, "One composition root"): written here so that a violation fails `npm run lint`.
const SIMPLE_GIT_ONLY_IN_ADAPTERS = {name: 'simple-git', message: 'git is used only through src/adapters/git.'}
const CORE_IS_PURE = {
  regex: String.raw`(^|/)((adapters|workflows|commands|render|config)/|(base-command|check-flags|plan-command)\.js$)`,
  message: 'src/core imports nothing from adapters, workflows, commands, render or config: it is the pure core (STYLE.md).',
}
const RENDER_READS_ONLY_CORE = {regex: String.raw`^\.\./(?!core/)`, message: 'src/render imports only src/core (STYLE.md).'}
const restrictImports = (...patterns) => ['error', {paths: [SIMPLE_GIT_ONLY_IN_ADAPTERS], patterns}]

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'oclif.manifest.json']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly'}},
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      'no-restricted-properties': ['error', {object: 'process', property: 'env', message: 'Only src/config reads the environment (STYLE.md).'}],
    },
  },
  {files: ['src/**/*.ts'], ignores: ['src/adapters/git/**'], rules: {'no-restricted-imports': restrictImports()}},
  {files: ['src/core/**/*.ts'], rules: {'no-restricted-imports': restrictImports(CORE_IS_PURE)}},
  {files: ['src/render/**/*.ts'], rules: {'no-restricted-imports': restrictImports(RENDER_READS_ONLY_CORE)}},
  {files: ['src/config/**', 'bin/**', 'test/**', 'bench/**', 'scripts/**'], rules: {'no-restricted-properties': 'off'}},
)
