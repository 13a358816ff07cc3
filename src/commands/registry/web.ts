import type { CommandSpec } from '../../cli/spec.js';

/** The web page (issue 6). */
export const WEB_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'serve',
    group: 'operator',
    summary: 'the live web page: status, journey, parity grid, verdicts, rules (loopback by default)',
    description:
      'Serves until Ctrl-C or SIGTERM. A non-loopback --host needs a token (--token or AUTOSWE_SERVE_TOKEN),\n' +
      'asked of every request: open http://HOST:PORT/?token=TOKEN once, or send Authorization: Bearer TOKEN.\n' +
      'JSON API: /api/status, /api/journey, /api/journey/N, /api/parity, /api/verdicts, /api/rules, /api/events.',
    options: [
      { name: 'host', type: 'string', arg: 'HOST', defaultValue: '127.0.0.1', help: 'address to bind' },
      {
        name: 'port',
        type: 'int',
        arg: 'PORT',
        min: 0,
        defaultValue: 8765,
        help: 'port to bind (0 picks a free one; the start line names it)',
      },
      {
        name: 'read-only',
        type: 'boolean',
        help: 'hide the approve / reject buttons and refuse every state change',
      },
      {
        name: 'token',
        type: 'string',
        arg: 'TOKEN',
        help: 'require this token on every request (default: AUTOSWE_SERVE_TOKEN)',
      },
    ],
    load: () => import('../serve.js'),
  },
];
