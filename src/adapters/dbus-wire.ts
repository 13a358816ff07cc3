/**
 * The D-Bus wire format, as far as a client of systemd's private socket needs it: method calls out,
 * replies (any signature) in, little-endian, alignment relative to the message start.
 */

/** A value as D-Bus gave it (64-bit integers as bigint, structs and arrays as arrays). */
export type BusValue = string | number | bigint | boolean | BusValue[];

/** Writes the basic types a method call needs. */
export class Writer {
  readonly bytes: number[] = [];
  align(n: number): void {
    while (this.bytes.length % n !== 0) this.bytes.push(0);
  }
  byte(value: number): void {
    this.bytes.push(value & 0xff);
  }
  uint32(value: number): void {
    this.align(4);
    this.bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }
  string(value: string): void {
    const data = Buffer.from(value, 'utf8');
    this.uint32(data.length);
    this.bytes.push(...data, 0);
  }
  signature(value: string): void {
    this.byte(value.length);
    this.bytes.push(...Buffer.from(value, 'ascii'), 0);
  }
  stringArray(values: readonly string[]): void {
    const element = new Writer();
    // Elements start 4-aligned right after the length, so their own alignment needs no offset.
    for (const value of values) element.string(value);
    this.uint32(element.bytes.length);
    this.bytes.push(...element.bytes);
  }
}

export interface MethodCall {
  readonly path: string;
  readonly iface: string;
  readonly member: string;
  readonly destination: string;
  /** Signature of the body written by `body`. */
  readonly signature: string;
  readonly body: (writer: Writer) => void;
}

/** One method call message with serial `serial`. */
export function encodeCall(serial: number, call: MethodCall): Buffer {
  const body = new Writer();
  call.body(body);
  const fields = new Writer();
  const field = (code: number, type: string, write: (writer: Writer) => void) => {
    fields.align(8);
    fields.byte(code);
    fields.signature(type);
    write(fields);
  };
  // The fields array starts at byte 16 of the message (8-aligned), so offsets inside it align the same.
  field(1, 'o', (w) => w.string(call.path));
  field(2, 's', (w) => w.string(call.iface));
  field(3, 's', (w) => w.string(call.member));
  field(6, 's', (w) => w.string(call.destination));
  field(8, 'g', (w) => w.signature(call.signature));
  const header = new Writer();
  header.byte(0x6c); // 'l': little-endian
  header.byte(1); // method call
  header.byte(0);
  header.byte(1); // protocol version
  header.uint32(body.bytes.length);
  header.uint32(serial);
  header.uint32(fields.bytes.length);
  header.bytes.push(...fields.bytes);
  header.align(8);
  return Buffer.from([...header.bytes, ...body.bytes]);
}

/** Reads D-Bus values by signature from one message (alignment relative to the message start). */
export class Reader {
  readonly data: Buffer;
  readonly little: boolean;
  pos: number;
  constructor(data: Buffer, start: number, little: boolean) {
    this.data = data;
    this.pos = start;
    this.little = little;
  }
  align(n: number): void {
    this.pos = Math.ceil(this.pos / n) * n;
  }
  uint32(): number {
    this.align(4);
    const value = this.little ? this.data.readUInt32LE(this.pos) : this.data.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }
  value(signature: string): BusValue {
    const code = signature[0];
    switch (code) {
      case 'y':
        return this.data[this.pos++] as number;
      case 'b':
        return this.uint32() !== 0;
      case 'n':
      case 'q':
        return this.fixed(2, code === 'n' ? 'readInt16' : 'readUInt16');
      case 'i':
        return this.fixed(4, 'readInt32');
      case 'u':
      case 'h':
        return this.uint32();
      case 'x':
      case 't':
        return this.fixed(8, code === 'x' ? 'readBigInt64' : 'readBigUInt64');
      case 'd':
        return this.fixed(8, 'readDouble');
      case 's':
      case 'o':
        return this.text(this.uint32());
      case 'g':
        return this.text(this.data[this.pos++] as number);
      case 'v':
        return this.value(this.text(this.data[this.pos++] as number));
      case 'a':
        return this.array(signature.slice(1));
      case '(':
      case '{':
        return this.struct(signature.slice(1, -1));
      default:
        throw new Error(`unsupported D-Bus type '${signature}'`);
    }
  }
  private fixed(size: number, method: string): number | bigint {
    this.align(size);
    const suffix = size === 1 ? '' : this.little ? 'LE' : 'BE';
    const read = (this.data as unknown as Record<string, (offset: number) => number | bigint>)[
      `${method}${suffix}`
    ];
    const value = (read as (offset: number) => number | bigint).call(this.data, this.pos);
    this.pos += size;
    return value;
  }
  private text(length: number): string {
    const value = this.data.toString('utf8', this.pos, this.pos + length);
    this.pos += length + 1;
    return value;
  }
  private array(element: string): BusValue[] {
    const length = this.uint32();
    this.align(alignment(element));
    const end = this.pos + length;
    const items: BusValue[] = [];
    while (this.pos < end) items.push(this.value(element));
    return items;
  }
  private struct(inner: string): BusValue[] {
    this.align(8);
    return splitTypes(inner).map((type) => this.value(type));
  }
}

function alignment(type: string): number {
  const table: Record<string, number> = { y: 1, g: 1, v: 1, n: 2, q: 2, x: 8, t: 8, d: 8, '(': 8, '{': 8 };
  return table[type[0] as string] ?? 4;
}

/** Splits a signature into its complete types: `sasb` → `s`, `as`, `b`. */
export function splitTypes(signature: string): string[] {
  const types: string[] = [];
  let index = 0;
  while (index < signature.length) {
    const start = index;
    while (signature[index] === 'a') index++;
    if (signature[index] === '(' || signature[index] === '{') {
      let depth = 0;
      do {
        if (signature[index] === '(' || signature[index] === '{') depth++;
        if (signature[index] === ')' || signature[index] === '}') depth--;
        index++;
      } while (depth > 0 && index < signature.length);
    } else index++;
    types.push(signature.slice(start, index));
  }
  return types;
}

export interface BusReply {
  readonly replySerial: number;
  readonly error: string | null;
  /** The body's values, one per complete type of its signature. */
  readonly values: BusValue[];
}

/** Total length of the message at the start of `data`, or null while its fixed header is incomplete. */
export function messageLength(data: Buffer): number | null {
  if (data.length < 16) return null;
  const little = data[0] === 0x6c;
  const bodyLength = little ? data.readUInt32LE(4) : data.readUInt32BE(4);
  const fieldsLength = little ? data.readUInt32LE(12) : data.readUInt32BE(12);
  return Math.ceil((16 + fieldsLength) / 8) * 8 + bodyLength;
}

/** Parses one whole reply: which call it answers, and its values or error name. */
export function parseReply(message: Buffer): BusReply {
  const little = message[0] === 0x6c;
  const reader = new Reader(message, 12, little);
  const fields = reader.value('a(yv)') as BusValue[][];
  reader.align(8);
  let replySerial = 0;
  let error: string | null = null;
  let signature = '';
  for (const [code, value] of fields) {
    if (code === 5) replySerial = value as number;
    if (code === 4) error = value as string;
    if (code === 8) signature = value as string;
  }
  if (message[1] === 3) return { replySerial, error: error ?? 'error', values: [] };
  return { replySerial, error: null, values: splitTypes(signature).map((type) => reader.value(type)) };
}
