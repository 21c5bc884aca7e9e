/**
 * Circular-import check (`pnpm check:cycles`, part of `pnpm test`): dependency-cruiser over
 * every package's and app's src/, failing on any cycle between modules. Type-only imports are
 * erased by TypeScript and cannot form a cycle at run time, so they are not followed
 * (tsPreCompilationDeps: false); every import that survives compilation is.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import one another in one direction only (see CONTRIBUTING.md, "Import direction").',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: false,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
  },
};
