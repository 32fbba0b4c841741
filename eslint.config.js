import js from '@eslint/js'
import tseslint from 'typescript-eslint'

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
  {files: ['src/config/**', 'bin/**', 'test/**', 'bench/**', 'scripts/**', 'src/base-command.ts'], rules: {'no-restricted-properties': 'off'}},
)
