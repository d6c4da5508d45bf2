import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageEntry } from '../../../src/core/workspace/kustomization';
import {
  entryRow,
  matchImages,
  renderedRow,
  rowRepository,
  shortLabels,
} from '../../../src/extension/trees/imageRows';
import type { RenderedImage } from '../../../src/extension/trees/renderedObjects';

const range = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };
const repository = 'registry.example.test/depot/scanner';
const file = '/repo/env/dev/kustomization.yaml';

function entry(fields: Partial<ImageEntry>): ImageEntry {
  return {
    index: 0,
    name: repository,
    newName: undefined,
    newTag: undefined,
    digest: undefined,
    range,
    fieldRanges: new Map(),
    ...fields,
  };
}

function container(image: string, name = 'scanner'): RenderedImage {
  return { image, workload: 'Deployment/scanner', container: name };
}

describe('matchImages', () => {
  it('merges a container the entry sets', () => {
    const rows = matchImages([entry({ newTag: 'b41c2e0' })], [container(`${repository}:b41c2e0`)]);

    assert.equal(rows.entries.length, 1);
    assert.equal(rows.entries[0]?.rendered.length, 1);
    assert.equal(rows.unmatched.length, 0);
  });

  it('keeps a container with another tag apart', () => {
    const rows = matchImages([entry({ newTag: 'b41c2e0' })], [container(`${repository}:0000000`)]);

    assert.equal(rows.entries[0]?.rendered.length, 0);
    assert.deepEqual(
      rows.unmatched.map((image) => image.image),
      [`${repository}:0000000`],
    );
  });

  it('matches a renamed image by its new name', () => {
    const renamed = entry({ newName: 'mirror.example.test/scanner', newTag: '2.1' });

    const rows = matchImages([renamed], [container('mirror.example.test/scanner:2.1')]);

    assert.equal(rows.entries[0]?.rendered.length, 1);
  });

  it('matches a digest entry', () => {
    const digest = 'sha256:' + 'a'.repeat(64);

    const rows = matchImages([entry({ digest })], [container(`${repository}@${digest}`)]);

    assert.equal(rows.entries[0]?.rendered.length, 1);
  });

  it('keeps a registry port out of the tag', () => {
    const local = 'localhost:5000/scanner';

    const rows = matchImages([entry({ name: local, newTag: '7' })], [container(`${local}:7`)]);

    assert.equal(rows.entries[0]?.rendered.length, 1);
  });
});

describe('shortLabels', () => {
  it('shortens a name that is unique', () => {
    const labels = shortLabels([repository, 'registry.example.test/depot/printer']);

    assert.equal(labels.get(repository), 'scanner');
    assert.equal(labels.get('registry.example.test/depot/printer'), 'printer');
  });

  it('keeps full names that end alike', () => {
    const mirror = 'mirror.example.test/scanner';

    const labels = shortLabels([repository, mirror, repository]);

    assert.equal(labels.get(repository), repository);
    assert.equal(labels.get(mirror), mirror);
  });

  it('reads a container repository without tag', () => {
    assert.equal(rowRepository(container(`${repository}:b41c2e0`)), repository);
    assert.equal(rowRepository(entry({})), repository);
  });
});

describe('image rows', () => {
  it('puts the tag before the entry mark', () => {
    const row = entryRow(entry({ newTag: 'b41c2e0' }), [], 'scanner', file);

    assert.equal(row.label, 'scanner');
    assert.equal(row.description, 'b41c2e0 · images: entry');
    assert.match(row.tooltip, /registry\.example\.test\/depot\/scanner → .*:b41c2e0/);
    assert.match(row.tooltip, /images\[0\] in \/repo\/env\/dev\/kustomization\.yaml/);
  });

  it('marks a merged row as rendered', () => {
    const rendered = [container(`${repository}:b41c2e0`)];

    const row = entryRow(entry({ newTag: 'b41c2e0' }), rendered, 'scanner', file);

    assert.equal(row.description, 'b41c2e0 · images: entry, rendered');
    assert.match(row.tooltip, /Rendered in Deployment\/scanner, container scanner/);
  });

  it('shows a rename with its target', () => {
    const renamed = entry({ newName: 'mirror.example.test/scanner', newTag: '2.1' });

    const row = entryRow(renamed, [], 'scanner', file);

    assert.equal(row.description, '→ mirror.example.test/scanner:2.1 · images: entry');
  });

  it('says unchanged for an entry without tag', () => {
    assert.equal(entryRow(entry({}), [], 'scanner', file).description, 'unchanged · images: entry');
  });

  it('marks a rendered-only row', () => {
    const row = renderedRow(container(`${repository}:0000000`), 'scanner');

    assert.equal(row.label, 'scanner');
    assert.equal(row.description, '0000000 · rendered');
    assert.match(row.tooltip, /no images: entry sets it/);
  });

  it('says no tag for an untagged container', () => {
    assert.equal(renderedRow(container(repository), 'scanner').description, 'no tag · rendered');
  });
});
