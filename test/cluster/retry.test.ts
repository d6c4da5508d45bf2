import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApiError,
  CancelledError,
  ClusterUnreachableError,
  defaultRetry,
  withRetry,
} from '../../src/cluster';

describe('withRetry', () => {
  it('retries unreachable servers with doubling delays', async () => {
    const delays: number[] = [];
    let calls = 0;

    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) {
          throw new ClusterUnreachableError('connection refused', 'ECONNREFUSED');
        }
        return 'done';
      },
      { baseDelayMs: 1, onRetry: (_attempt, delayMs) => delays.push(delayMs) },
    );

    assert.equal(result, 'done');
    assert.deepEqual(delays, [1, 2, 4]);
  });

  it('gives up after the last retry', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new ApiError('unavailable', 503, 'ServiceUnavailable');
    };

    await assert.rejects(withRetry(failing, { baseDelayMs: 1, retries: 5 }), /unavailable/);
    assert.equal(calls, 6);
  });

  it('does not retry conflicts or invalid objects', async () => {
    for (const status of [409, 422, 403]) {
      let calls = 0;
      const failing = async () => {
        calls++;
        throw new ApiError(`status ${status}`, status, 'x');
      };

      await assert.rejects(withRetry(failing, { baseDelayMs: 1 }));
      assert.equal(calls, 1, `status ${status}`);
    }
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const failing = async () => {
      throw new ClusterUnreachableError('connection refused', 'ECONNREFUSED');
    };
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();

    await assert.rejects(
      withRetry(failing, { baseDelayMs: 60_000, signal: controller.signal }),
      CancelledError,
    );
    assert.ok(Date.now() - started < 5_000);
  });

  it('default first delay is 5 seconds', async () => {
    const delays: number[] = [];
    const controller = new AbortController();
    const failing = async () => {
      throw new ClusterUnreachableError('connection refused', 'ECONNREFUSED');
    };

    const pending = withRetry(failing, {
      signal: controller.signal,
      onRetry: (_attempt, delayMs) => {
        delays.push(delayMs);
        controller.abort();
      },
    });

    await assert.rejects(pending, CancelledError);
    assert.deepEqual(delays, [5_000]);
    assert.deepEqual(defaultRetry, { baseDelayMs: 5_000, retries: 5 });
  });
});
