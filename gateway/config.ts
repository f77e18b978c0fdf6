import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every environment variable of the gateway, its default and its validation, in one place.
 * The guide's variables keep their names and defaults; design.md adds the rest. A bad value stops
 * the start (exit code 2) with one line naming the variable and what it accepts.
 */
export interface Config {
  host: string;
  port: number;
  /** From HUGGINGFACE_TOKEN (or HF_TOKEN); a token saved through the admin API wins at run time. */
  huggingfaceToken: string | null;
  modelCacheDir: string;
  /** Where the gateway keeps its own files: admin token, API key hashes, events, user catalog. */
  stateDir: string;
  openaiApiKeys: string[];
  lazyLoadModels: boolean;
  frontendDist: string;
  logLevel: LogLevel;
  adminToken: string | null;
  hfEndpoint: string;
  vllmCommand: string[];
  maxUploadBytes: number;
  maxAudioSeconds: number;
  maxJsonBytes: number;
  allowedHosts: string[];
  allowedOrigins: string[];
  gpuPollMs: number;
  nvidiaSmi: string;
  drainTimeoutMs: number;
  /** HTTPS: TLS_CERT_FILE + TLS_KEY_FILE, or TLS=self-signed (kept under STATE_DIR/tls); plain HTTP otherwise. */
  tls: TlsConfig;
}

export type TlsConfig = { mode: 'off' } | { mode: 'files'; certFile: string; keyFile: string } | { mode: 'self-signed' };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly value: string, readonly allowed: string) {
    super(`${variable}=${JSON.stringify(value)} is not valid: ${allowed}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The documented defaults (doc/operations.md). */
export const DEFAULTS = {
  API_HOST: '0.0.0.0',
  API_PORT: 8000,
  MODEL_CACHE_DIR: '/models',
  LAZY_LOAD_MODELS: true,
  FRONTEND_DIST: '/app/frontend',
  LOG_LEVEL: 'info',
  HF_ENDPOINT: 'https://huggingface.co',
  VLLM_COMMAND: 'vllm',
  MAX_UPLOAD_MB: 200,
  MAX_AUDIO_SECONDS: 10_800,
  MAX_JSON_MB: 10,
  GPU_POLL_MS: 1000,
  NVIDIA_SMI: 'nvidia-smi',
  DRAIN_TIMEOUT_SECONDS: 30,
} as const;

/** Parses the environment; touches no file. Throws ConfigError on the first bad value. */
export function parseConfig(env: Env): Omit<Config, 'modelCacheDir' | 'stateDir' | 'frontendDist'> & {
  modelCacheDir: string | null;
  stateDir: string | null;
  frontendDist: string | null;
} {
  return {
    host: text(env, 'API_HOST', DEFAULTS.API_HOST, /^[\w.:[\]-]+$/, 'a host name or IP address such as 0.0.0.0 or 127.0.0.1'),
    port: integer(env, 'API_PORT', DEFAULTS.API_PORT, 0, 65_535, 'an integer port from 0 to 65535 (0 picks a free port)'),
    huggingfaceToken: secret(env, 'HUGGINGFACE_TOKEN') ?? secret(env, 'HF_TOKEN'),
    modelCacheDir: optionalPath(env, 'MODEL_CACHE_DIR'),
    stateDir: optionalPath(env, 'STATE_DIR'),
    openaiApiKeys: list(env, 'OPENAI_API_KEYS', /^[\x21-\x7e]{8,512}$/, 'a comma-separated list of keys of 8 to 512 visible ASCII characters, no spaces'),
    lazyLoadModels: boolean(env, 'LAZY_LOAD_MODELS', DEFAULTS.LAZY_LOAD_MODELS),
    frontendDist: optionalPath(env, 'FRONTEND_DIST'),
    logLevel: logLevel(env),
    adminToken: adminToken(env),
    hfEndpoint: url(env, 'HF_ENDPOINT', DEFAULTS.HF_ENDPOINT),
    vllmCommand: command(env, 'VLLM_COMMAND', DEFAULTS.VLLM_COMMAND),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_MB', DEFAULTS.MAX_UPLOAD_MB, 1, 100_000, 'an integer number of megabytes from 1 to 100000') * 1024 * 1024,
    maxAudioSeconds: integer(env, 'MAX_AUDIO_SECONDS', DEFAULTS.MAX_AUDIO_SECONDS, 1, 7 * 86_400, 'an integer number of seconds from 1 to 604800'),
    maxJsonBytes: integer(env, 'MAX_JSON_MB', DEFAULTS.MAX_JSON_MB, 1, 1024, 'an integer number of megabytes from 1 to 1024') * 1024 * 1024,
    allowedHosts: list(env, 'ALLOWED_HOSTS', /^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/i, 'a comma-separated list of host names (no port, no scheme)').map((h) => h.toLowerCase()),
    allowedOrigins: origins(env),
    gpuPollMs: integer(env, 'GPU_POLL_MS', DEFAULTS.GPU_POLL_MS, 100, 60_000, 'an integer number of milliseconds from 100 to 60000'),
    nvidiaSmi: text(env, 'NVIDIA_SMI', DEFAULTS.NVIDIA_SMI, /^[^\0\n]+$/, 'the path or name of the nvidia-smi executable'),
    drainTimeoutMs: integer(env, 'DRAIN_TIMEOUT_SECONDS', DEFAULTS.DRAIN_TIMEOUT_SECONDS, 0, 3600, 'an integer number of seconds from 0 to 3600') * 1000,
    tls: tls(env),
  };
}

/**
 * Parses the environment and prepares the directories: the cache and state directories must be
 * writable. `/models` (the default) falls back to the huggingface_hub cache ($HF_HOME/hub) where
 * it cannot be made, so Python tools share it; an explicit MODEL_CACHE_DIR never falls back.
 */
export function loadConfig(env: Env = process.env): Config {
  const parsed = parseConfig(env);
  const modelCacheDir = parsed.modelCacheDir
    ? writableDir('MODEL_CACHE_DIR', parsed.modelCacheDir)
    : defaultCacheDir(env);
  const stateDir = writableDir('STATE_DIR', parsed.stateDir ?? join(modelCacheDir, '.passerelle'));
  return { ...parsed, modelCacheDir, stateDir, frontendDist: parsed.frontendDist ?? defaultFrontendDist() };
}

function defaultCacheDir(env: Env): string {
  try {
    return writableDir('MODEL_CACHE_DIR', DEFAULTS.MODEL_CACHE_DIR);
  } catch {
    const hfHome = env.HF_HOME || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'huggingface');
    return writableDir('MODEL_CACHE_DIR', env.HF_HUB_CACHE || join(hfHome, 'hub'));
  }
}

/** `/app/frontend` in the Docker image (the guide's default); elsewhere the build next to the gateway. */
function defaultFrontendDist(): string {
  if (existsSync(DEFAULTS.FRONTEND_DIST)) return DEFAULTS.FRONTEND_DIST;
  // out/gateway/cli.js → out/renderer; gateway/config.ts (tests) → out/renderer too.
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', existsSync(resolve(here, '..', 'renderer', 'index.html')) ? 'renderer' : 'out/renderer');
}

function writableDir(variable: string, dir: string): string {
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true });
    accessSync(abs, constants.W_OK);
    // access() says yes to root on a read-only mount: write a probe to be sure.
    const probe = join(abs, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(variable, dir, `expected a directory the gateway can create and write (${reason})`);
  }
  return abs;
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function text(env: Env, name: string, fallback: string, pattern: RegExp, allowed: string): string {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!pattern.test(value)) throw new ConfigError(name, value, `expected ${allowed}`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, allowed: string): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(name, value, `expected ${allowed}`);
  return n;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(name, value, 'expected true or false');
}

function list(env: Env, name: string, item: RegExp, allowed: string): string[] {
  const value = raw(env, name);
  if (value === undefined) return [];
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.find((s) => !item.test(s));
  // Never echo a secret: keys are reported by position only.
  if (bad !== undefined) throw new ConfigError(name, name === 'OPENAI_API_KEYS' ? `<item ${items.indexOf(bad) + 1}>` : value, `expected ${allowed}`);
  return items;
}

function secret(env: Env, name: string): string | null {
  const value = raw(env, name);
  if (value === undefined) return null;
  if (!/^[\x21-\x7e]{1,1024}$/.test(value)) throw new ConfigError(name, '<hidden>', 'expected a token of visible ASCII characters, at most 1024, no spaces or line breaks');
  return value;
}

function adminToken(env: Env): string | null {
  const value = raw(env, 'ADMIN_TOKEN');
  if (value === undefined) return null;
  if (!/^[\x21-\x7e]{16,512}$/.test(value)) throw new ConfigError('ADMIN_TOKEN', '<hidden>', 'expected 16 to 512 visible ASCII characters, no spaces (or unset, to have one generated)');
  return value;
}

function optionalPath(env: Env, name: string): string | null {
  const value = raw(env, name);
  if (value === undefined) return null;
  if (value.includes('\0')) throw new ConfigError(name, value, 'expected a file system path');
  return value;
}

function logLevel(env: Env): LogLevel {
  const value = raw(env, 'LOG_LEVEL');
  if (value === undefined) return DEFAULTS.LOG_LEVEL;
  const v = value.toLowerCase();
  // The guide writes Python's names: "warning" and "critical" are accepted as aliases.
  const alias: Record<string, LogLevel> = { warning: 'warn', critical: 'fatal' };
  const level = alias[v] ?? v;
  const levels: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
  if (!levels.includes(level as LogLevel)) throw new ConfigError('LOG_LEVEL', value, 'expected one of trace, debug, info, warn (or warning), error, fatal, silent');
  return level as LogLevel;
}

function url(env: Env, name: string, fallback: string): string {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return value.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(name, value, 'expected an http(s) URL such as https://huggingface.co');
  }
}

function command(env: Env, name: string, fallback: string): string[] {
  const value = raw(env, name) ?? fallback;
  if (value.includes('\0') || value.includes('\n')) throw new ConfigError(name, value, 'expected a command line such as "vllm" or "/opt/venv/bin/vllm"');
  return value.split(/\s+/).filter(Boolean);
}

function origins(env: Env): string[] {
  const value = raw(env, 'ALLOWED_ORIGINS');
  if (value === undefined) return [];
  return value.split(',').map((s) => s.trim()).filter(Boolean).map((o) => {
    let parsed: URL;
    try {
      parsed = new URL(o);
    } catch {
      throw new ConfigError('ALLOWED_ORIGINS', value, 'expected a comma-separated list of origins such as https://ops.example.com (scheme://host[:port])');
    }
    // Custom schemes (the console's own, say) have an opaque origin: keep them as written.
    return parsed.origin === 'null' ? o.replace(/\/+$/, '') : parsed.origin;
  });
}

function tls(env: Env): TlsConfig {
  const certFile = optionalPath(env, 'TLS_CERT_FILE');
  const keyFile = optionalPath(env, 'TLS_KEY_FILE');
  const mode = raw(env, 'TLS')?.toLowerCase();
  if (mode !== undefined && mode !== 'off' && mode !== 'self-signed') throw new ConfigError('TLS', mode, 'expected off or self-signed (or set TLS_CERT_FILE and TLS_KEY_FILE)');
  if ((certFile === null) !== (keyFile === null)) {
    const missing = certFile === null ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
    throw new ConfigError(missing, '', 'expected a PEM file path: TLS_CERT_FILE and TLS_KEY_FILE go together');
  }
  if (certFile !== null && keyFile !== null) {
    if (mode === 'self-signed') throw new ConfigError('TLS', mode, 'expected TLS unset when TLS_CERT_FILE and TLS_KEY_FILE are set (the files are used)');
    return { mode: 'files', certFile: resolve(certFile), keyFile: resolve(keyFile) };
  }
  return mode === 'self-signed' ? { mode: 'self-signed' } : { mode: 'off' };
}
