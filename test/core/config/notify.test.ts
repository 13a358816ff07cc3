import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/load.js';
import { DEFAULT_NOTIFY_EVENTS } from '../../../src/core/config/types.js';

const BASE = `target: t
legacy: { command: [a] }
new: { command: [b] }
modules: { m: { cases: ['c/*'] } }
`;
const parse = (extra: string) => parseConfig(`${BASE}${extra}`, '/ws/autoswe.yaml', '/ws');

describe('notify: in autoswe.yaml', () => {
  it('is null when absent; a webhook alone gets the default events, 10 s and 3 retries', async () => {
    expect((await parse('')).notify).toBeNull();
    expect((await parse('notify:\n  webhook: https://hooks.example.com/x\n')).notify).toEqual({
      command: null,
      webhook: 'https://hooks.example.com/x',
      events: [...DEFAULT_NOTIFY_EVENTS],
      timeout_ms: 10_000,
      retries: 3,
    });
    const all = await parse('notify:\n  command: [cat]\n  events: ["*"]\n  timeout: 2s\n  retries: 0\n');
    expect(all.notify).toMatchObject({ command: ['cat'], events: ['*'], timeout_ms: 2000, retries: 0 });
  });

  it('refuses neither receiver, an unknown event type, a URL that is not http(s), too many retries (exit 2)', async () => {
    await expect(parse('notify:\n  events: [paused]\n')).rejects.toThrow(
      '/ws/autoswe.yaml: notify: expected a command or a webhook (or both), got neither',
    );
    await expect(parse('notify:\n  command: [cat]\n  events: [pasued]\n')).rejects.toThrow(
      /notify\.events\.0: expected an event type \(run\.started, .*\) or "\*", got "pasued"/,
    );
    await expect(parse('notify:\n  webhook: ftp://x/y\n')).rejects.toThrow(
      /notify\.webhook: expected an http\(s\) URL/,
    );
    await expect(parse('notify:\n  command: [cat]\n  retries: 11\n')).rejects.toThrow(
      /notify\.retries: expected an integer from 0 to 10, got 11/,
    );
    await expect(parse('notify:\n  command: [cat]\n  sms: yes\n')).rejects.toThrow(
      /notify\.sms: unknown key/,
    );
  });
});
