import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParsedFiles } from '../../src/core/lint/parsedFiles';
import { FileSource } from '../../src/core/workspace/fileSource';

const file = '/virtual/ledger.yaml';

function sourceWith(text: string): FileSource {
  const source = new FileSource();
  source.setOverride(file, text);
  return source;
}

describe('parsed files', () => {
  it('rereads outside a run', () => {
    const source = sourceWith('kind: A\n');
    const files = new ParsedFiles(source);
    assert.equal(files.get(file)?.text, 'kind: A\n');

    source.setOverride(file, 'kind: B\n');
    assert.equal(files.get(file)?.text, 'kind: B\n');
  });

  it('reads once within a run', () => {
    const source = sourceWith('kind: A\n');
    const files = new ParsedFiles(source);
    const run = files.beginRun();
    assert.equal(files.get(file)?.text, 'kind: A\n');

    source.setOverride(file, 'kind: B\n');
    assert.equal(files.get(file)?.text, 'kind: A\n');

    files.endRun(run);
    assert.equal(files.get(file)?.text, 'kind: B\n');
  });

  it('newer run reads fresh text', () => {
    const source = sourceWith('kind: A\n');
    const files = new ParsedFiles(source);
    const older = files.beginRun();
    files.get(file);

    source.setOverride(file, 'kind: B\n');
    const newer = files.beginRun();
    assert.equal(files.get(file)?.text, 'kind: B\n');

    files.endRun(older);
    source.setOverride(file, 'kind: C\n');
    assert.equal(files.get(file)?.text, 'kind: B\n', 'the older run ending keeps the newer one');
    files.endRun(newer);
  });
});
