import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { FileSource } from '../../src/core/workspace/fileSource';
import { fixturePath } from '../support/paths';

function loadFixture(name: string, source?: FileSource): WorkspaceModel {
  const model = new WorkspaceModel([fixturePath('workspace', name)], {}, source);
  model.load();
  return model;
}

function codesOf(model: WorkspaceModel): string[] {
  return model
    .problems()
    .map((problem) => problem.code)
    .sort();
}

describe('workspace model', () => {
  it('finds all three kustomization file names', () => {
    const model = loadFixture('file-names');
    const names = model
      .roots()
      .map((root) => path.basename(root.filePath))
      .sort();
    assert.deepEqual(names, ['Kustomization', 'kustomization.yml']);
  });

  it('classifies a base shared by two overlays', () => {
    const model = loadFixture('shared-base');
    const base = fixturePath('workspace', 'shared-base', 'base');
    assert.equal(model.roleOf(base), 'base');
    assert.deepEqual(
      model.environments().map((environment) => environment.name),
      ['east', 'west'],
    );
  });

  it('classifies components and standalone roots', () => {
    const component = loadFixture('component');
    assert.equal(
      component.roleOf(fixturePath('workspace', 'component', 'components', 'metrics')),
      'component',
    );
    assert.equal(component.roleOf(fixturePath('workspace', 'component', 'overlay')), 'overlay');

    const standalone = loadFixture('standalone');
    assert.equal(standalone.roleOf(fixturePath('workspace', 'standalone')), 'standalone');
    assert.deepEqual(standalone.environments(), []);
  });

  it('lists the roots that depend on a base file', () => {
    const model = loadFixture('shared-base');
    const dependents = model.rootsDependingOn(
      fixturePath('workspace', 'shared-base', 'base', 'dispatcher.yaml'),
    );
    assert.deepEqual(dependents.map((dir) => path.basename(dir)).sort(), ['base', 'east', 'west']);
  });

  it('reports a missing file at its line', () => {
    const model = loadFixture('missing-file');
    const [problem] = model.problems();
    assert.equal(problem?.code, 'missing-path');
    assert.match(problem?.message ?? '', /routes\.yaml/);
    assert.equal(problem?.range.startLine, 5);
  });

  it('reports a reference cycle', () => {
    const model = loadFixture('reference-cycle');
    assert.ok(codesOf(model).includes('reference-cycle'));
  });

  it('reports the folder-containment cycle', () => {
    const model = loadFixture('containment-cycle');
    const problem = model.problems().find((candidate) => candidate.code === 'containment-cycle');
    assert.ok(problem, 'expected a containment-cycle problem');
    assert.match(problem.message, /contains the folder/);
    assert.equal(problem.range.startLine, 5);
  });

  it('keeps loading when a kustomization is broken YAML', () => {
    const model = loadFixture('broken-yaml');
    const root = model.roots()[0];
    assert.ok(root?.kustomization, 'the root is still listed');
    const syntax = root.kustomization.problems.find((problem) => problem.code === 'yaml-syntax');
    assert.ok(syntax, 'expected a YAML syntax problem');
  });

  it('rejects binary and non-UTF-8 resources', () => {
    const model = loadFixture('encodings');
    const messages = model.problems().map((problem) => problem.message);
    assert.ok(
      messages.some((message) => /truck\.png.*binary/.test(message)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((message) => /depot-latin1\.yaml.*UTF-8/.test(message)),
      messages.join('\n'),
    );
  });

  it('notes remote resources without fetching them', () => {
    const model = loadFixture('remote-resource');
    const problem = model.problems().find((candidate) => candidate.code === 'remote-not-checked');
    assert.equal(problem?.severity, 'information');
  });

  it('orders environments naturally or by setting', () => {
    const model = new WorkspaceModel([fixturePath('workspace', 'shared-base')], {
      environmentOrder: ['west'],
    });
    model.load();
    assert.deepEqual(
      model.environments().map((environment) => environment.name),
      ['west', 'east'],
    );
  });

  it('updates only roots affected by an unsaved edit', () => {
    const source = new FileSource();
    const model = loadFixture('shared-base', source);
    const east = fixturePath('workspace', 'shared-base', 'overlays', 'east', 'kustomization.yaml');
    source.setOverride(east, 'resources:\n  - ../../base\n  - extra.yaml\n');

    const affected = model.update([east]);

    assert.deepEqual(
      affected.map((dir) => path.basename(dir)),
      ['east'],
    );
    assert.equal(model.problems()[0]?.code, 'missing-path');
  });
});

describe('roots outside the folders', () => {
  it('loads a referenced root beside the folder', () => {
    const model = new WorkspaceModel([
      fixturePath('workspace', 'reference-cycle', 'overlays', 'north'),
    ]);
    model.load();

    const names = model
      .roots()
      .map((root) => path.basename(root.dir))
      .sort();
    assert.deepEqual(names, ['north', 'south']);
    assert.ok(model.problems().some((problem) => problem.code === 'reference-cycle'));
  });

  it('reports the shared base as a dependency', () => {
    const model = new WorkspaceModel([fixturePath('workspace', 'shared-base', 'overlays', 'east')]);
    model.load();

    const base = fixturePath('workspace', 'shared-base', 'base');
    assert.equal(model.roleOf(base), 'base');
    assert.deepEqual(
      model
        .rootsDependingOn(path.join(base, 'dispatcher.yaml'))
        .map((dir) => path.basename(dir))
        .sort(),
      ['base', 'east'],
    );
  });
});
