/**
 * Import rules checked by `npm run check:imports` (part of `npm test`): no cycle between files,
 * and, run a second time with the graph collapsed to folders, no cycle between the server's areas
 * (`modules/<area>`, `http`, `db`, `domain`…) or the widget's folders.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared piece into its own module, or invert the dependency.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
