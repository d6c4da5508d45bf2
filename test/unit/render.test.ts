import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EngineNotFoundError, findOnPath, resolveEngine } from '../../src/core/render/engine';
import type { Spawner } from '../../src/core/render/processRunner';
import { defaultSpawner } from '../../src/core/render/processRunner';
import { Renderer } from '../../src/core/render/renderer';
import { renderSettings } from '../../src/core/render/settings';
import { fixturePath, missingSharedReason, sharedPath } from '../support/paths';

const fixtures = fixturePath('render');
const staging = path.join(fixtures, 'overlays', 'staging');
const baseDeployment = path.join(fixtures, 'base', 'deployment.yaml');
const stagingKustomization = path.join(staging, 'kustomization.yaml');
const hasKubectl = findOnPath('kubectl') !== undefined || findOnPath('kustomize') !== undefined;
const noEngineReason = hasKubectl ? false : 'neither kustomize nor kubectl is on PATH';

let scripts = '';

/** Writes an executable shell script that replaces kustomize in a test. */
function fakeKustomize(name: string, body: string): string {
  const file = path.join(scripts, name, 'kustomize');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

function countingSpawner(): { spawner: Spawner; count: () => number } {
  let spawns = 0;
  const spawner: Spawner = (command, args, options) => {
    spawns++;
    return defaultSpawner(command, args, options);
  };
  return { spawner, count: () => spawns };
}

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Returns true when the process has exited. A zombie waiting to be reaped counts as exited. */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/**
 * Writes a script that starts a background `sleep` (a grandchild) and records its process id.
 * The grandchild does not hold the output pipes, so only a process-group kill ends it early.
 */
function slowKustomize(name: string): { binary: string; pidFile: string } {
  const pidFile = path.join(scripts, name, 'sleep.pid');
  const binary = fakeKustomize(name, `sleep 20 >/dev/null 2>&1 &\necho $! > '${pidFile}'\nwait`);
  return { binary, pidFile };
}

before(() => {
  scripts = fs.mkdtempSync(path.join(os.tmpdir(), 'render-test-'));
});

after(() => {
  fs.rmSync(scripts, { recursive: true, force: true });
});

describe('Renderer with the real engine', { skip: noEngineReason }, () => {
  it('renders the overlay like kubectl kustomize', async () => {
    const result = await new Renderer().render(staging);

    assert.equal(result.error?.message, undefined);
    assert.equal(result.ok, true);
    assert.equal(
      result.yaml,
      execFileSync('kubectl', ['kustomize', staging], { encoding: 'utf8' }),
    );
    assert.equal(result.mirrored, false);
    assert.equal(result.command.at(-1), staging);
  });

  it('renders an unsaved edit from a mirror', async () => {
    const diskBefore = fs.readFileSync(stagingKustomization, 'utf8');
    const edited = diskBefore.replace('newTag: 1.1.0', 'newTag: 2.0.0-rc1');
    const overrides = new Map([[stagingKustomization, edited]]);

    const result = await new Renderer().render(staging, { overrides });

    assert.equal(result.ok, true);
    assert.equal(result.mirrored, true);
    assert.match(result.yaml, /image: registry\.example\.com\/shop\/catalog:2\.0\.0-rc1/);
    assert.equal(fs.readFileSync(stagingKustomization, 'utf8'), diskBefore);
  });

  it('renders an unsaved edit in a base', async () => {
    const disk = fs.readFileSync(baseDeployment, 'utf8');
    const edited = disk.replace('name: catalog\nspec', 'name: listing\nspec');
    const overrides = new Map([[baseDeployment, edited]]);

    const result = await new Renderer().render(staging, { overrides });

    assert.equal(result.ok, true);
    assert.match(result.yaml, /name: listing\n {2}namespace: shop-staging/);
  });

  it('maps mirror paths back in errors', async () => {
    const broken =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: catalog\n bad: indent\n';
    const overrides = new Map([[baseDeployment, broken]]);

    const result = await new Renderer().render(staging, { overrides });

    assert.equal(result.ok, false);
    assert.equal(result.mirrored, true);
    assert.equal(result.error?.reason, 'kustomize-failed');
    // The mirror lives in a `gitops-render-` folder; the checkout itself may also be under the temp folder.
    assert.ok(!(result.error?.message ?? '').includes('gitops-render-'), result.error?.message);
    assert.equal(result.error?.location.file, baseDeployment);
  });

  it('reports a mirror that cannot be created', async () => {
    const overrides = new Map([[stagingKustomization, 'resources: []\n']]);
    const savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = path.join(scripts, 'no-such-tmp');

    const result = await new Renderer().render(staging, { overrides }).finally(() => {
      if (savedTmp === undefined) {
        delete process.env['TMPDIR'];
      } else {
        process.env['TMPDIR'] = savedTmp;
      }
    });

    assert.equal(result.error?.reason, 'mirror-failed');
    assert.match(result.error?.message ?? '', /overlays\/staging to a temp folder: ENOENT/);
  });

  it('ignores edits outside the inputs', async () => {
    const unrelated = path.join(fixtures, 'overlays', 'broken', 'kustomization.yaml');
    const result = await new Renderer().render(staging, {
      overrides: new Map([[unrelated, 'x: [']]),
    });

    assert.equal(result.ok, true);
    assert.equal(result.mirrored, false);
  });

  it('serves a second render from the cache', async () => {
    const { spawner, count } = countingSpawner();
    const renderer = new Renderer({ spawner });

    const first = await renderer.render(staging);
    const second = await renderer.render(staging);

    assert.equal(count(), 1);
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.equal(second.yaml, first.yaml);
  });

  it('misses the cache after an edit', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'render-cache-'));
    fs.cpSync(fixtures, copy, { recursive: true });
    const { spawner, count } = countingSpawner();
    const renderer = new Renderer({ spawner });
    const overlay = path.join(copy, 'overlays', 'staging');
    const deployment = path.join(copy, 'base', 'deployment.yaml');

    await renderer.render(overlay);
    fs.writeFileSync(deployment, fs.readFileSync(deployment, 'utf8').replace('1.0.0', '1.0.1'));
    await renderer.render(overlay);
    const overrides = new Map([[deployment, fs.readFileSync(deployment, 'utf8') + '\n']]);
    const withOverride = await renderer.render(overlay, { overrides });
    fs.rmSync(copy, { recursive: true, force: true });

    assert.equal(count(), 3);
    assert.equal(withOverride.cached, false);
  });

  it('caches by the given input files', async () => {
    const { spawner, count } = countingSpawner();
    const renderer = new Renderer({ spawner });
    const inputFiles = [stagingKustomization, baseDeployment];

    await renderer.render(staging, { inputFiles });
    const second = await renderer.render(staging, { inputFiles });

    assert.equal(count(), 1);
    assert.equal(second.cached, true);
  });

  it('locates a missing resources entry', async () => {
    const dir = path.join(fixtures, 'overlays', 'broken');
    const result = await new Renderer().render(dir);

    assert.equal(result.ok, false);
    assert.equal(result.exitCode, 1);
    assert.match(result.error?.message ?? '', /overlays\/broken failed: .*evalsymlink failure/);
    assert.equal(result.error?.location.file, path.join(dir, 'kustomization.yaml'));
    assert.equal(result.error?.location.line, 5);
  });
});

describe('Renderer on the myapp CD repository', () => {
  const bundle = sharedPath('real-world', 'myapp-cd.bundle');
  const skip =
    bundle === undefined ? missingSharedReason('real-world/myapp-cd.bundle') : noEngineReason;

  it('locates the invalid JSON patch op', { skip }, async () => {
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'render-myapp-'));
    execFileSync('git', ['clone', '-q', '-b', 'main', bundle ?? '', clone]);
    const production = path.join(clone, 'env', '03-production');
    const kustomization = path.join(production, 'kustomization.yaml');
    const opLine =
      fs.readFileSync(kustomization, 'utf8').split('\n').indexOf('    - op: replaces') + 1;

    const result = await new Renderer().render(production);
    fs.rmSync(clone, { recursive: true, force: true });

    assert.equal(result.ok, false);
    assert.equal(result.error?.kustomizeError, 'Unexpected kind: replaces');
    assert.equal(result.error?.location.file, kustomization);
    assert.ok(opLine > 0, 'fixture no longer contains the replaces op');
    assert.equal(result.error?.location.line, opLine);
    assert.match(result.warnings.join('\n'), /'bases' is deprecated/);
  });
});

describe('Renderer process control', () => {
  it('reports a folder that does not exist', { skip: noEngineReason }, async () => {
    const missing = path.join(scripts, 'no-such-folder');

    const result = await new Renderer().render(missing);

    assert.equal(result.error?.reason, 'kustomize-failed');
    assert.match(result.error?.message ?? '', /no-such-folder failed: .*not a valid directory/);
    assert.equal(result.error?.location.file, missing);
  });

  it('kills the process group on timeout', async () => {
    const { binary, pidFile } = slowKustomize('timeout');
    const settings = { engine: 'kustomize' as const, binaryPath: binary, timeoutMs: 500 };

    const result = await new Renderer().render(fixtures, { settings });
    const sleepPid = Number(fs.readFileSync(pidFile, 'utf8'));

    assert.equal(result.ok, false);
    assert.equal(result.error?.reason, 'timed-out');
    assert.match(result.error?.message ?? '', /timed out after 500 ms/);
    await waitFor(() => isGone(sleepPid));
  });

  it('kills the process group on abort', async () => {
    const { binary, pidFile } = slowKustomize('abort');
    const controller = new AbortController();
    const settings = { engine: 'kustomize' as const, binaryPath: binary };

    const pending = new Renderer().render(fixtures, { settings }, controller.signal);
    await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') !== '');
    controller.abort();
    const result = await pending;

    assert.equal(result.error?.reason, 'cancelled');
    await waitFor(() => isGone(Number(fs.readFileSync(pidFile, 'utf8'))));
  });

  it('supersedes a running render of the same folder', async () => {
    const { binary, pidFile } = slowKustomize('supersede');
    const echo = fakeKustomize('quick', "printf 'kind: ConfigMap\\n'");
    const renderer = new Renderer();

    const first = renderer.render(fixtures, {
      settings: { engine: 'kustomize', binaryPath: binary },
    });
    await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') !== '');
    const quickSettings = { engine: 'kustomize' as const, binaryPath: echo };
    const second = await renderer.render(fixtures, { settings: quickSettings });

    assert.equal((await first).error?.reason, 'superseded');
    assert.equal(second.yaml, 'kind: ConfigMap\n');
  });

  it('stops a build over the output limit', async () => {
    const binary = fakeKustomize('big', 'head -c 200000 /dev/zero');
    const settings = { engine: 'kustomize' as const, binaryPath: binary, maxOutputBytes: 1000 };

    const result = await new Renderer().render(fixtures, { settings });

    assert.equal(result.error?.reason, 'output-limit');
  });

  it('passes buildOptions as separate arguments', async () => {
    const binary = fakeKustomize('echo', `printf '%s\\n' "$@"`);
    const buildOptions = `--enable-helm --load-restrictor "LoadRestrictionsNone" --helm-command '/opt/my helm'`;

    const result = await new Renderer().render(fixtures, {
      settings: { engine: 'kustomize', binaryPath: binary, buildOptions },
    });

    assert.deepEqual(result.yaml.split('\n'), [
      'build',
      '--enable-helm',
      '--load-restrictor',
      'LoadRestrictionsNone',
      '--helm-command',
      '/opt/my helm',
      fixtures,
      '',
    ]);
  });

  it('rejects buildOptions with an open quote', async () => {
    const binary = fakeKustomize('echo-quote', 'true');
    const settings = {
      engine: 'kustomize' as const,
      binaryPath: binary,
      buildOptions: '--x "open',
    };

    const result = await new Renderer().render(fixtures, { settings });

    assert.equal(result.error?.reason, 'invalid-options');
    assert.match(result.error?.message ?? '', /gitops\.kustomize\.buildOptions/);
  });

  it('reports a missing binary with the setting', async () => {
    const settings = { binaryPath: path.join(scripts, 'nowhere', 'kustomize') };

    const result = await new Renderer().render(fixtures, { settings });

    assert.equal(result.error?.reason, 'engine-not-found');
    assert.match(result.error?.message ?? '', /gitops\.kustomize\.path/);
  });

  it('reports an empty PATH with the setting', () => {
    const settings = renderSettings({ engine: 'auto' });

    assert.throws(() => resolveEngine(settings, { PATH: '' }), EngineNotFoundError);
    assert.throws(() => resolveEngine(settings, { PATH: '' }), /gitops\.kustomize\.path/);
  });

  it('prefers kustomize over kubectl on PATH', () => {
    const kustomize = fakeKustomize('on-path', 'true');
    const kubectlDir = path.join(scripts, 'on-path');
    fs.writeFileSync(path.join(kubectlDir, 'kubectl'), '#!/bin/sh\n', { mode: 0o755 });

    const auto = resolveEngine(renderSettings(), { PATH: kubectlDir });
    const kubectl = resolveEngine(renderSettings({ engine: 'kubectl' }), { PATH: kubectlDir });

    assert.equal(auto.kind, 'kustomize');
    assert.equal(auto.binary, kustomize);
    assert.equal(kubectl.kind, 'kubectl');
  });
});
