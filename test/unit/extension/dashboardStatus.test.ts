import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboardStatusLine } from '../../../src/shared/dashboardStatus';

describe('dashboardStatusLine', () => {
  const updated = new Date(2026, 0, 5, 14, 2, 37);

  it('names the update time to the minute', () => {
    const line = dashboardStatusLine(undefined, updated);

    assert.match(line, /^Updated /);
    assert.match(line, /02/);
    assert.doesNotMatch(line, /37/);
  });

  it('leaves out the computation time', () => {
    assert.doesNotMatch(dashboardStatusLine(undefined, updated), /computed|ms/);
  });

  it('shows the history note instead', () => {
    const note = 'Reading the history from git…';

    assert.equal(dashboardStatusLine(note, updated), note);
  });
});
