import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface ListeningSocket {
  address: string;
  port: number;
  inode: number;
}

const LISTEN_STATE = "0A";

/** Parses /proc/net/tcp or tcp6 text into its listening sockets. */
export function parseProcNetTcp(text: string, ipv6: boolean): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== LISTEN_STATE) continue;
    const [addressHex, portHex] = fields[1]!.split(":") as [string, string];
    sockets.push({ address: ipv6 ? decodeIpv6(addressHex) : decodeIpv4(addressHex), port: parseInt(portHex, 16), inode: Number(fields[9]) });
  }
  return sockets;
}

/** /proc/net/tcp holds IPv4 addresses as one little-endian 32-bit hex word. */
export function decodeIpv4(hex: string): string {
  const bytes = hex.match(/../g)!.map((pair) => parseInt(pair, 16));
  return bytes.reverse().join(".");
}

/** Four little-endian 32-bit words; shown in full form, loopback as ::1. */
export function decodeIpv6(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(""));
  const groups = words.join("").match(/.{4}/g)!.map((group) => parseInt(group, 16).toString(16));
  const text = groups.join(":");
  if (text === "0:0:0:0:0:0:0:1") return "::1";
  if (text === "0:0:0:0:0:0:0:0") return "::";
  const mapped = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(text);
  if (mapped) {
    const high = parseInt(mapped[1]!, 16);
    const low = parseInt(mapped[2]!, 16);
    return `::ffff:${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return text;
}

export function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}

/** Listening sockets reachable from other machines: a target must have none. */
export function exposedSockets(sockets: readonly ListeningSocket[]): ListeningSocket[] {
  return sockets.filter((socket) => !isLoopback(socket.address));
}

/** The sockets the given processes listen on (TCP, IPv4 and IPv6). */
export function listeningSocketsOf(pids: number[]): ListeningSocket[] {
  const inodes = new Set<number>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(Number(match[1]));
      } catch {
        // fd closed while reading
      }
    }
  }
  const all = [
    ...parseProcNetTcp(readOrEmpty("/proc/net/tcp"), false),
    ...parseProcNetTcp(readOrEmpty("/proc/net/tcp6"), true),
  ];
  return all.filter((socket) => inodes.has(socket.inode));
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
