import { connect } from 'node:net';
import { join } from 'node:path';
import { type BusValue, encodeCall, type MethodCall, messageLength, parseReply } from './dbus-wire.js';

/**
 * Reads unit states from the user manager over its private socket ($XDG_RUNTIME_DIR/systemd/private, the
 * peer-to-peer D-Bus socket systemctl itself dials first): one connection, every call sent at once.
 * Spawning `systemctl show` instead costs 20 ms and more, most of it loading systemctl itself.
 */

const SYSTEMD = 'org.freedesktop.systemd1';

/** `autoswe.service` → `/org/freedesktop/systemd1/unit/autoswe_2eservice` (sd_bus_path_encode). */
export function unitObjectPath(unit: string): string {
  let encoded = '';
  for (const [index, char] of [...unit].entries()) {
    const plain = /[A-Za-z0-9]/.test(char) && !(index === 0 && /[0-9]/.test(char));
    encoded += plain ? char : `_${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
  return `/org/freedesktop/systemd1/unit/${encoded}`;
}

function getProperty(unit: string, iface: 'Service' | 'Timer', property: string): MethodCall {
  return {
    path: unitObjectPath(unit),
    iface: 'org.freedesktop.DBus.Properties',
    member: 'Get',
    destination: SYSTEMD,
    signature: 'ss',
    body: (writer) => {
      writer.string(`${SYSTEMD}.${iface}`);
      writer.string(property);
    },
  };
}

function managerVersion(): MethodCall {
  return {
    path: '/org/freedesktop/systemd1',
    iface: 'org.freedesktop.DBus.Properties',
    member: 'Get',
    destination: SYSTEMD,
    signature: 'ss',
    body: (writer) => {
      writer.string(`${SYSTEMD}.Manager`);
      writer.string('Version');
    },
  };
}

function listUnits(): MethodCall {
  return {
    path: '/org/freedesktop/systemd1',
    iface: `${SYSTEMD}.Manager`,
    member: 'ListUnits',
    destination: SYSTEMD,
    signature: '',
    body: () => undefined,
  };
}

/** One authenticated connection: `call` sends a batch of calls at once and resolves with their replies. */
export interface BusConnection {
  /** Each call's reply values, or null for an error reply. */
  call(calls: readonly MethodCall[]): Promise<(BusValue[] | null)[]>;
  close(): void;
}

/**
 * Connects to the private socket and authenticates (EXTERNAL, as our uid). Every later failure (no socket,
 * refused, timeout) rejects the pending call; callers fall back to systemctl.
 */
export function openBus(
  runtimeDir: string,
  timeoutMs: number,
  uid: number = process.getuid?.() ?? 0,
): Promise<BusConnection> {
  return new Promise((resolveOpen, rejectOpen) => {
    const socket = connect(join(runtimeDir, 'systemd', 'private'));
    let pending = Buffer.alloc(0);
    let serial = 0;
    let batch: {
      first: number;
      replies: (BusValue[] | null)[];
      answered: number;
      resolve: (replies: (BusValue[] | null)[]) => void;
      reject: (error: Error) => void;
    } | null = null;
    let opened = false;
    let begun = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (!opened) rejectOpen(error);
      batch?.reject(error);
      batch = null;
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const connection: BusConnection = {
      call(calls) {
        return new Promise((resolve, reject) => {
          if (calls.length === 0) return resolve([]);
          batch = { first: serial + 1, replies: new Array(calls.length), answered: 0, resolve, reject };
          const messages = calls.map((call) => encodeCall(++serial, call));
          socket.write(Buffer.concat(begun ? messages : [Buffer.from('BEGIN\r\n'), ...messages]));
          begun = true;
        });
      },
      close() {
        clearTimeout(timer);
        socket.destroy();
      },
    };
    socket.on('error', fail);
    // The manager hanging up (refused, restarting) must fall back at once, not after the timeout.
    socket.on('close', () => fail(new Error('the user manager closed the connection')));
    socket.on('connect', () => {
      const id = Buffer.from(String(uid), 'ascii').toString('hex');
      socket.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${id}\r\n`)]));
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!opened) {
        const end = pending.indexOf('\r\n');
        if (end < 0) return;
        const line = pending.subarray(0, end).toString('ascii');
        pending = pending.subarray(end + 2);
        if (!line.startsWith('OK ')) return fail(new Error(`authentication refused: ${line}`));
        opened = true;
        resolveOpen(connection);
      }
      for (
        let length = messageLength(pending);
        length !== null && pending.length >= length;
        length = messageLength(pending)
      ) {
        const reply = parseReply(pending.subarray(0, length));
        pending = pending.subarray(length);
        const current = batch;
        const index = current === null ? -1 : reply.replySerial - current.first;
        if (
          current === null ||
          index < 0 ||
          index >= current.replies.length ||
          current.replies[index] !== undefined
        )
          continue;
        current.replies[index] = reply.error === null ? reply.values : null;
        if (++current.answered === current.replies.length) {
          batch = null;
          current.resolve(current.replies);
        }
      }
    });
  });
}

/** What each loaded unit is asked beyond its states (ListUnits gives load, active and sub state). */
const EXTRA: Record<'main' | 'oneshot' | 'timer', readonly ['Service' | 'Timer', string][]> = {
  main: [
    ['Service', 'Result'],
    ['Service', 'ExecStart'],
  ],
  oneshot: [
    ['Service', 'Result'],
    ['Service', 'ExecMainStartTimestamp'],
    ['Service', 'ExecStart'],
  ],
  timer: [
    ['Timer', 'LastTriggerUSec'],
    ['Timer', 'NextElapseUSecRealtime'],
  ],
};

/**
 * The same answer as `systemctl --user show --timestamp=unix UNITS` for the properties status reads, as
 * strings (`@<seconds>` timestamps, ExecStart as `{ path=… ; }`). The first unit is the main service.
 * Only units systemd has loaded are asked about (ListUnits): asking about the others would make systemd
 * load them from disk, the slow part. A unit not loaded is inactive; `installed` says whether its file exists.
 */
export async function showUnitsOverBus(
  runtimeDir: string,
  units: readonly string[],
  timeoutMs: number,
  installed: (unit: string) => boolean,
): Promise<Map<string, Readonly<Record<string, string>>>> {
  const bus = await openBus(runtimeDir, timeoutMs);
  try {
    const result = new Map<string, Record<string, string>>();
    for (const unit of units) {
      const load = installed(unit) ? 'loaded' : 'not-found';
      result.set(unit, { Id: unit, LoadState: load, ActiveState: 'inactive', SubState: 'dead' });
    }
    // systemd 252 leaves a lone message that arrives together with BEGIN unanswered (it waits for more
    // input); with two or more it answers all. The manager's version is a cheap first question.
    const [, listed] = await bus.call([managerVersion(), listUnits()]);
    for (const row of (listed?.[0] ?? []) as BusValue[][]) {
      const [name, , load, active, sub] = row as string[];
      const properties = result.get(name as string);
      if (properties)
        Object.assign(properties, { LoadState: load, ActiveState: active, SubState: sub, loaded: 'yes' });
    }
    const extras = units.flatMap((unit, index) => {
      if (result.get(unit)?.loaded !== 'yes') return [];
      const kind = unit.endsWith('.timer') ? 'timer' : index === 0 ? 'main' : 'oneshot';
      return EXTRA[kind].map(([iface, property]) => ({ unit, iface, property }));
    });
    const replies = await bus.call(
      extras.map((extra) => getProperty(extra.unit, extra.iface, extra.property)),
    );
    for (const [index, extra] of extras.entries()) {
      const properties = result.get(extra.unit) as Record<string, string>;
      properties[extra.property] = asShowValue(extra.property, replies[index]?.[0] ?? null);
    }
    for (const properties of result.values()) delete properties.loaded;
    return result;
  } finally {
    bus.close();
  }
}

const USEC_INFINITY = 0xffff_ffff_ffff_ffffn;

function asShowValue(property: string, value: BusValue | null): string {
  if (value === null) return '';
  // 0 is "never", and 2^64-1 (USEC_INFINITY) "not scheduled": systemctl shows both as empty.
  if (typeof value === 'bigint')
    return value === 0n || value === USEC_INFINITY ? '' : `@${value / 1_000_000n}`;
  if (property === 'ExecStart' && Array.isArray(value)) {
    const first = value[0];
    return Array.isArray(first) && typeof first[0] === 'string' ? `{ path=${first[0]} ; }` : '';
  }
  return String(value);
}
