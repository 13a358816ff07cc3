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

function listUnitsByNames(units: readonly string[]): MethodCall {
  return {
    path: '/org/freedesktop/systemd1',
    iface: `${SYSTEMD}.Manager`,
    member: 'ListUnitsByNames',
    destination: SYSTEMD,
    signature: 'as',
    body: (writer) => writer.stringArray(units),
  };
}

/**
 * Sends the calls pipelined on one authenticated connection and resolves with each call's reply values
 * (null for an error reply). Rejects on any failure (no socket, refused, timeout): callers fall back.
 */
export function callAll(
  runtimeDir: string,
  calls: readonly MethodCall[],
  timeoutMs: number,
  uid: number = process.getuid?.() ?? 0,
): Promise<(BusValue[] | null)[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(join(runtimeDir, 'systemd', 'private'));
    const replies: (BusValue[] | null)[] = new Array(calls.length);
    let answered = 0;
    let pending = Buffer.alloc(0);
    let authenticated = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', fail);
    socket.on('connect', () => {
      const id = Buffer.from(String(uid), 'ascii').toString('hex');
      socket.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${id}\r\n`)]));
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!authenticated) {
        const end = pending.indexOf('\r\n');
        if (end < 0) return;
        const line = pending.subarray(0, end).toString('ascii');
        pending = pending.subarray(end + 2);
        if (!line.startsWith('OK ')) return fail(new Error(`authentication refused: ${line}`));
        authenticated = true;
        socket.write(
          Buffer.concat([
            Buffer.from('BEGIN\r\n'),
            ...calls.map((call, index) => encodeCall(index + 1, call)),
          ]),
        );
      }
      for (
        let length = messageLength(pending);
        length !== null && pending.length >= length;
        length = messageLength(pending)
      ) {
        const reply = parseReply(pending.subarray(0, length));
        pending = pending.subarray(length);
        const index = reply.replySerial - 1;
        if (index < 0 || index >= calls.length || replies[index] !== undefined) continue;
        replies[index] = reply.error === null ? reply.values : null;
        answered++;
      }
      if (answered === calls.length) {
        clearTimeout(timer);
        socket.destroy();
        resolve(replies);
      }
    });
  });
}

/** What each kind of unit is asked beyond its states (ListUnitsByNames gives load, active and sub state). */
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
 */
export async function showUnitsOverBus(
  runtimeDir: string,
  units: readonly string[],
  timeoutMs: number,
): Promise<Map<string, Readonly<Record<string, string>>>> {
  const extras = units.flatMap((unit, index) => {
    const kind = unit.endsWith('.timer') ? 'timer' : index === 0 ? 'main' : 'oneshot';
    return EXTRA[kind].map(([iface, property]) => ({ unit, iface, property }));
  });
  const replies = await callAll(
    runtimeDir,
    [listUnitsByNames(units), ...extras.map((extra) => getProperty(extra.unit, extra.iface, extra.property))],
    timeoutMs,
  );
  const result = new Map<string, Record<string, string>>();
  for (const unit of units)
    result.set(unit, { Id: unit, LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead' });
  for (const row of (replies[0]?.[0] ?? []) as BusValue[][]) {
    const [name, , load, active, sub] = row as string[];
    const properties = result.get(name as string);
    if (properties) Object.assign(properties, { LoadState: load, ActiveState: active, SubState: sub });
  }
  for (const [index, extra] of extras.entries()) {
    const properties = result.get(extra.unit) as Record<string, string>;
    properties[extra.property] = asShowValue(extra.property, replies[index + 1]?.[0] ?? null);
  }
  return result;
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
