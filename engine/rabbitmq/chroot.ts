// RabbitMQ 4.3 for the harness's nodes of kind "4.3": Debian forky's rabbitmq-server in a chroot, built once per
// machine (needs root; about a minute) and cached in CACHE. See node.md.
import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { withLock } from "../lock.ts";
import { tail } from "./host.ts";

/** Where the forky chroot is built; RABBITMQ_LAB_CACHE moves it. */
export const CACHE = process.env.RABBITMQ_LAB_CACHE || "/var/cache/rabbitmq-lab";
export const FORKY = join(CACHE, "forky");
const READY = ".rabbitmq-lab-ready"; // written into the chroot when its build is complete

/** The Debian mirror this machine's apt uses (RABBITMQ_LAB_MIRROR overrides): no host name in this repo. */
export function hostMirror(): string {
  if (process.env.RABBITMQ_LAB_MIRROR) return process.env.RABBITMQ_LAB_MIRROR;
  const files = ["/etc/apt/sources.list"];
  try {
    for (const entry of readdirSync("/etc/apt/sources.list.d").sort())
      if (entry.endsWith(".list") || entry.endsWith(".sources")) files.push(`/etc/apt/sources.list.d/${entry}`);
  } catch {}
  // [uri, suites] of every "deb" source, one-line (.list) and deb822 (.sources) formats alike.
  const sources: [string, string[]][] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    if (file.endsWith(".sources")) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name: string) =>
          new RegExp(`^${name}:\\s*(.*)$`, "mi").exec(stanza.replace(/^#.*$/gm, ""))?.[1].trim().split(/\s+/) ?? [];
        if (!field("Types").includes("deb") || /^enabled:\s*no/im.test(stanza)) continue;
        for (const uri of field("URIs")) sources.push([uri, field("Suites")]);
      }
    } else {
      for (const line of text.split("\n")) {
        const words = line
          .replace(/\[[^\]]*\]/, "")
          .trim()
          .split(/\s+/);
        if (words[0] === "deb" && words.length >= 3) sources.push([words[1], [words[2]]]);
      }
    }
  }
  // The main archive: a plain suite name (not -security, -updates), a path ending in /debian.
  const main = sources.find(([uri, suites]) => /\/debian\/?$/.test(uri) && suites.some((s) => /^[a-z]+$/.test(s)));
  if (!main) throw new Error(`no Debian mirror found in ${files.join(", ")}: set RABBITMQ_LAB_MIRROR to one`);
  return main[0].replace(/\/$/, "");
}

let ensured: Promise<string> | undefined;

/** Builds (once per machine, under a lock) the forky chroot with rabbitmq-server 4.3; returns its directory. */
export function ensureRabbitmq43(): Promise<string> {
  ensured ??= (async () => {
    if (!existsSync(join(FORKY, READY)))
      await withLock(`rabbitmq-lab-forky-${FORKY}`, ["build"], async () => {
        if (!existsSync(join(FORKY, READY))) await buildForky();
      });
    // Without the host's /etc/hosts, "localhost" does not resolve in there (epmd_error ... nxdomain).
    if (readFileSync("/etc/hosts", "utf8") !== readFileSync(join(FORKY, "etc/hosts"), "utf8"))
      copyFileSync("/etc/hosts", join(FORKY, "etc/hosts"));
    return FORKY;
  })();
  ensured.catch(() => (ensured = undefined)); // a failed build may be tried again
  return ensured;
}

/**
 * Removes a chroot tree. A build killed midway leaves debootstrap's mounts in it (/proc, /sys, in a
 * container /dev nodes bound from the host): unmounted first, and rm never crosses into another file system.
 */
function removeTree(path: string) {
  if (!existsSync(path)) return;
  const mounts = readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1]?.replace(/\\040/g, " "))
    .filter((point) => point && point.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length); // the deepest first
  for (const point of mounts) spawnSync("umount", ["-l", point]);
  const rm = spawnSync("rm", ["-rf", "--one-file-system", path], { encoding: "utf8" });
  if (rm.status !== 0) throw new Error(`could not remove ${path}: ${rm.stderr.trim()}`);
}

async function buildForky(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error(`building RabbitMQ 4.3's chroot in ${FORKY} needs root`);
  mkdirSync(CACHE, { recursive: true });
  const log = join(CACHE, "forky-build.log");
  writeFileSync(log, "");
  const step = (file: string, args: string[], env: Record<string, string> = {}) =>
    new Promise<void>((resolve, reject) => {
      appendFileSync(log, `$ ${file} ${args.join(" ")}\n`);
      const fd = openSync(log, "a");
      const child = spawn(file, args, { stdio: ["ignore", fd, fd], env: { ...process.env, ...env } });
      closeSync(fd);
      child.once("error", (err) => reject(new Error(`${file}: ${err.message}`)));
      child.once("exit", (code, signal) =>
        code === 0
          ? resolve()
          : reject(
              new Error(
                `building RabbitMQ 4.3's chroot: "${file} ${args.join(" ")}" failed (${code ?? signal}); the end of ${log}:\n${tail(log, 25)}`,
              ),
            ),
      );
    });

  const quiet = { DEBIAN_FRONTEND: "noninteractive" };
  if (spawnSync("sh", ["-c", "command -v debootstrap"]).status !== 0) {
    await step("apt-get", ["update", "-qq"], quiet);
    await step("apt-get", ["install", "-y", "-qq", "debootstrap"], quiet);
  }
  // Bookworm's debootstrap has no forky script: sid's does (forky's, where there is one).
  const scripts = "/usr/share/debootstrap/scripts";
  const script = existsSync(`${scripts}/forky`) ? `${scripts}/forky` : `${scripts}/sid`;
  // Under the lock, any other partial build is one whose builder died.
  for (const entry of readdirSync(CACHE))
    if (entry.startsWith(`${basename(FORKY)}.partial-`)) removeTree(join(CACHE, entry));
  const partial = `${FORKY}.partial-${process.pid}`;
  try {
    await step("debootstrap", ["--variant=minbase", "forky", partial, hostMirror(), script]);
    writeFileSync(join(partial, "usr/sbin/policy-rc.d"), "#!/bin/sh\n# no service starts in this chroot\nexit 101\n", {
      mode: 0o755,
    });
    copyFileSync("/etc/hosts", join(partial, "etc/hosts"));
    // The mirror's Release file may be older than its Valid-Until says, on a machine whose clock runs ahead.
    await step("chroot", [partial, "apt-get", "-qq", "-o", "Acquire::Check-Valid-Until=false", "update"], quiet);
    await step(
      "chroot",
      [partial, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "rabbitmq-server"],
      quiet,
    );
    await step("chroot", [partial, "apt-get", "clean"]);
    const version = spawnSync("chroot", [partial, "dpkg-query", "-W", "-f", "${Version}", "rabbitmq-server"], {
      encoding: "utf8",
    }).stdout;
    if (!version.startsWith("4.3."))
      throw new Error(
        `forky now has rabbitmq-server ${version}, not 4.3.x: kind "4.3" needs another source (see node.md)`,
      );
    writeFileSync(join(partial, READY), `rabbitmq-server ${version}\n`);
    removeTree(FORKY); // an unfinished build, if any
    renameSync(partial, FORKY);
  } finally {
    removeTree(partial); // what is left of a failed build
  }
}
