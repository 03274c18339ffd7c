import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*'],
              message:
                'The language service is editor-independent: only server/src/lsp and client/ may import editor APIs.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/lsp/**', 'client/**', 'test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
