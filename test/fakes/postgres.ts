/**
 * A private Postgres server for tests: initdb in a temporary folder, pg_ctl on a free loopback port,
 * trust authentication, fsync off; stopped and removed by `stop()`. No system service is used.
 * initdb refuses to run as root, so as root the server runs as the `postgres` (or `nobody`) user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

/** A running private server. */
export interface PrivatePostgres {
  /** postgres://nntutor@127.0.0.1:<port>/postgres */
  url: string;
  /** Stops the server as an administrator would (`pg_ctl stop -m fast`: sessions get 57P01), keeping its data. */
  halt(): void;
  /** Starts a halted server again on the same port, with its data. */
  restart(): void;
  /** Stops the server and removes its folder. */
  stop(): void;
}

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

/** The folder with initdb and pg_ctl, or undefined when Postgres is not installed. */
export function postgresBinDir(): string | undefined {
  return BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

/** The uid/gid to run the server as: ourselves, or an unprivileged user when we are root. */
function serverUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()), name };
  }
  throw new Error('running as root and neither the postgres nor the nobody user exists to run initdb as');
}

function run(bin: string, args: string[], user: ReturnType<typeof serverUser>): string {
  const command = user ? 'runuser' : bin;
  const fullArgs = user ? ['-u', user.name, '--', bin, ...args] : args;
  return execFileSync(command, fullArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

/**
 * Starts a private server, or throws an Error saying what could not be started (callers skip their
 * tests with that message).
 */
export async function startPostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`Postgres is not installed (no initdb/pg_ctl in ${BIN_DIRS.join(', ')}); install the postgresql Debian package`);
  const user = serverUser();
  const root = mkdtempSync(join(tmpdir(), 'nn-tutor-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = root;
  if (user) {
    chownSync(root, user.uid, user.gid);
    chmodSync(root, 0o700);
  }
  const port = await freePort();
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB`;
  const start = () => run(join(bin, 'pg_ctl'), ['-D', dataDir, '-o', options, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start'], user);
  try {
    run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'nntutor', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], user);
    start();
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    rmSync(root, { recursive: true, force: true });
    throw new Error(`could not start a private Postgres with ${bin}: ${detail}`);
  }
  let stopped = false;
  return {
    url: `postgres://nntutor@127.0.0.1:${port}/postgres`,
    halt() { run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], user); },
    restart() { start(); },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], user);
      } catch {
        // already halted
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
