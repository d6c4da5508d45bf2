// Bundles the extension, the command-line interface and the dashboard webview with esbuild.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
  },
];

const existing = builds.filter((options) => {
  return options.entryPoints.every((entry) => fs.existsSync(entry));
});

if (watch) {
  for (const options of existing) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(existing.map((options) => esbuild.build(options)));
}
