import { z } from 'zod';
import { ErrorObject } from '../../gateway/contract/errors';

/**
 * The one contract between the console's main process and its renderer (design.md, Console).
 * Every invoke channel has a schema for its single argument and one for its result; main parses the
 * argument, checks the sender frame, and parses its own result before sending it. Channels are
 * namespaced and dotted (`passerelle:gateway.start`). Pure: imports zod and gateway/contract only,
 * so the renderer may import it.
 *
 * A failed call rejects with an `ErrorBody` (`{ error: { message, type, param, code, hint? } }`),
 * the same shape as the gateway's HTTP errors, so the renderer has one way to show an error.
 */

/** The renderer's origin: the bundled build served by main under a privileged custom scheme. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'passerelle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const GatewayProcessState = z.enum(['stopped', 'starting', 'ready', 'restarting', 'stopping', 'failed']);
export type GatewayProcessState = z.infer<typeof GatewayProcessState>;

/** The embedded gateway process as main sees it. */
export const EmbeddedGatewayStatus = z.object({
  state: GatewayProcessState,
  /** Null unless the process is running. */
  pid: z.number().int().nullable(),
  /** The port it listens on (127.0.0.1), null until its ready line arrived. */
  port: z.number().int().nullable(),
  /** Starts after a crash since the last stable run (a run that lasted `stableMs`). */
  consecutiveFailures: z.number().int().nonnegative(),
  /** When the next restart is due (ISO time), while `restarting`. */
  nextRestartAt: z.string().nullable(),
  /** Why it stopped, failed or is being restarted; null when healthy. */
  lastError: ErrorObject.nullable(),
  /** The model cache directory it was started with (MODEL_CACHE_DIR), null for the gateway's default. */
  cacheDir: z.string().nullable(),
});
export type EmbeddedGatewayStatus = z.infer<typeof EmbeddedGatewayStatus>;

export const ConnectionMode = z.enum(['embedded', 'attached']);
export type ConnectionMode = z.infer<typeof ConnectionMode>;

/**
 * What the renderer calls the gateway with. `baseUrl` and `adminToken` are null while there is no
 * usable gateway (embedded one not ready, attached one lost). The admin token is given to the
 * renderer in memory only; it is never written by the renderer.
 */
export const ConnectionState = z.object({
  mode: ConnectionMode,
  /** `connected`: calls can go out; `connecting`: wait; `lost`: the attached gateway stopped answering; `down`: nothing to call. */
  status: z.enum(['connecting', 'connected', 'lost', 'down']),
  baseUrl: z.string().nullable(),
  adminToken: z.string().nullable(),
  /** The attached profile's name (mode `attached`). */
  profile: z.string().nullable(),
  embedded: EmbeddedGatewayStatus,
  /** Why the connection is lost or down; null when connected. */
  error: ErrorObject.nullable(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

export const LogLine = z.object({
  /** Increases by one per line for the life of the console. */
  seq: z.number().int().nonnegative(),
  /** ISO time the console received the line. */
  time: z.string(),
  stream: z.enum(['stdout', 'stderr', 'host']),
  /** The raw line (the gateway logs JSON with pino; `host` lines are the console's own notes). */
  text: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

export const Settings = z.object({
  /** MODEL_CACHE_DIR for the embedded gateway; null lets the gateway pick (/models, else the HF cache). */
  cacheDir: z.string().min(1).max(4096).regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'an absolute path (such as /data/models)').nullable(),
  /** Start the embedded gateway when the console opens (unless a profile was attached last time). */
  autoStart: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

const ProfileName = z.string().trim().min(1).max(64).regex(/^[^\p{C}]+$/u, 'no control characters');

/** A remote gateway; its admin token lives in the keychain and is never sent back. */
export const Profile = z.object({
  name: ProfileName,
  url: z.string(),
  /** False when the token is kept for this session only (no keychain backend). */
  isTokenPersisted: z.boolean(),
  /** https: the SHA-256 of the certificate pinned at first use (`AB:CD:…`); absent until pinned. */
  certificateSha256: z.string().optional(),
  /** Plain http to another machine (a profile stored by hand or by an older version): the token would cross the network in clear. */
  isTokenSentInClear: z.boolean().optional(),
});
export type Profile = z.infer<typeof Profile>;

/** A certificate fingerprint as the gateway prints it (`certificateSha256`, Node's `fingerprint256`). */
export const CertificateSha256 = z.string().trim().toUpperCase().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'a SHA-256 fingerprint such as AB:CD:… (32 bytes)');

export const AddProfile = z.object({
  name: ProfileName,
  /** https://host[:port], or http on a loopback address (an SSH tunnel). */
  url: z.string().trim().min(1).max(2048),
  adminToken: z.string().trim().min(16).max(512).regex(/^[\x21-\x7e]+$/, 'visible ASCII characters, no spaces'),
  /** https: the certificate fingerprint the operator confirmed (shown by a test); it is pinned. */
  certificateSha256: CertificateSha256.optional(),
}).strict();
export type AddProfile = z.infer<typeof AddProfile>;

export const ProfileRef = z.object({ name: ProfileName }).strict();
export type ProfileRef = z.infer<typeof ProfileRef>;

/** Test a saved profile by name, or a candidate before saving it. */
export const TestProfile = z.union([ProfileRef, AddProfile.omit({ name: true })]);
export type TestProfile = z.infer<typeof TestProfile>;

export const ProfileTestResult = z.object({
  ok: z.boolean(),
  /** The gateway's version from /api/system when it answered. */
  version: z.string().nullable(),
  /** How long /healthz took, in milliseconds. */
  latencyMs: z.number().nonnegative().nullable(),
  /** Why the profile cannot be used (unreachable, wrong token, not a gateway, CORS, certificate). */
  error: ErrorObject.nullable(),
  /** https: the SHA-256 of the certificate the gateway presented, for the operator to compare. */
  certificateSha256: z.string().nullable().optional(),
});
export type ProfileTestResult = z.infer<typeof ProfileTestResult>;

export const SecretStorageStatus = z.object({
  /** True when secrets are encrypted by the OS keychain and kept across restarts. */
  isPersistent: z.boolean(),
  /** safeStorage's backend on Linux (`gnome_libsecret`, `kwallet6`, `basic_text`…); the platform's name elsewhere. */
  backend: z.string(),
  /** Why secrets stay in memory only, when they do. */
  reason: z.string().nullable(),
});
export type SecretStorageStatus = z.infer<typeof SecretStorageStatus>;

/** The HF token's presence only: the token itself never leaves main. */
export const HfTokenStatus = z.object({
  isConfigured: z.boolean(),
  isPersisted: z.boolean(),
  /** hf_…abcd style, enough to tell tokens apart. */
  masked: z.string().nullable(),
  /** True when the running embedded gateway was started with another token: restart it to apply. */
  isRestartNeeded: z.boolean(),
});
export type HfTokenStatus = z.infer<typeof HfTokenStatus>;

export const SetHfToken = z.object({
  token: z.string().trim().min(8).max(1024).regex(/^[\x21-\x7e]+$/, 'visible ASCII characters, no spaces'),
}).strict();
export type SetHfToken = z.infer<typeof SetHfToken>;

/**
 * An API key kept in the keychain for the operator (the gateway shows a key's secret once). It goes
 * renderer → main when saved, and never back: it can only be copied to the clipboard by main.
 */
export const SaveApiKey = z.object({
  name: ProfileName,
  key: z.string().trim().min(8).max(512).regex(/^[\x21-\x7e]+$/, 'visible ASCII characters, no spaces'),
}).strict();
export type SaveApiKey = z.infer<typeof SaveApiKey>;
export const ApiKeyRef = z.object({ name: ProfileName }).strict();
export type ApiKeyRef = z.infer<typeof ApiKeyRef>;
export const StoredApiKey = z.object({
  name: z.string(),
  /** `psk_…abcd`: enough to match it with the gateway's list. */
  masked: z.string(),
  isPersisted: z.boolean(),
});
export type StoredApiKey = z.infer<typeof StoredApiKey>;
const StoredApiKeys = z.object({ keys: z.array(StoredApiKey) });

export const OpenExternal = z.object({ url: z.string().max(8192) }).strict();

export const AppInfo = z.object({
  version: z.string(),
  electron: z.string(),
  platform: z.string(),
  /** Where the console keeps its settings and the embedded gateway's default state. */
  userDataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

const Void = z.undefined();
const GetLogs = z.object({ limit: z.number().int().min(1).max(5000).optional() }).strict().optional();

/** Every invoke channel: `arg` is the one argument (undefined for none), `result` what it resolves to. */
export const invokeChannels = {
  'passerelle:app.info': { arg: Void, result: AppInfo },
  'passerelle:connection.get': { arg: Void, result: ConnectionState },
  'passerelle:connection.useEmbedded': { arg: Void, result: ConnectionState },
  'passerelle:gateway.start': { arg: Void, result: EmbeddedGatewayStatus },
  'passerelle:gateway.stop': { arg: Void, result: EmbeddedGatewayStatus },
  'passerelle:gateway.restart': { arg: Void, result: EmbeddedGatewayStatus },
  'passerelle:gateway.logs': { arg: GetLogs, result: z.object({ lines: z.array(LogLine) }) },
  'passerelle:settings.get': { arg: Void, result: Settings },
  'passerelle:settings.update': { arg: SettingsPatch, result: Settings },
  'passerelle:profiles.list': { arg: Void, result: z.object({ profiles: z.array(Profile) }) },
  'passerelle:profiles.add': { arg: AddProfile, result: Profile },
  'passerelle:profiles.test': { arg: TestProfile, result: ProfileTestResult },
  'passerelle:profiles.switch': { arg: ProfileRef, result: ConnectionState },
  'passerelle:profiles.remove': { arg: ProfileRef, result: z.object({ profiles: z.array(Profile) }) },
  'passerelle:hfToken.status': { arg: Void, result: HfTokenStatus },
  'passerelle:hfToken.set': { arg: SetHfToken, result: HfTokenStatus },
  'passerelle:hfToken.clear': { arg: Void, result: HfTokenStatus },
  'passerelle:secrets.status': { arg: Void, result: SecretStorageStatus },
  'passerelle:apiKeys.list': { arg: Void, result: StoredApiKeys },
  'passerelle:apiKeys.save': { arg: SaveApiKey, result: StoredApiKeys },
  'passerelle:apiKeys.copy': { arg: ApiKeyRef, result: Void },
  'passerelle:apiKeys.remove': { arg: ApiKeyRef, result: StoredApiKeys },
  'passerelle:shell.openExternal': { arg: OpenExternal, result: Void },
} as const satisfies Record<string, { arg: z.ZodType; result: z.ZodType }>;

export type InvokeChannel = keyof typeof invokeChannels;
export type ChannelArg<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['arg']>;
export type ChannelResult<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['result']>;

/** Messages main pushes to the renderer (webContents.send). */
export const eventChannels = {
  'passerelle:connection.changed': ConnectionState,
  'passerelle:gateway.logged': LogLine,
} as const satisfies Record<string, z.ZodType>;
export type EventChannel = keyof typeof eventChannels;
export type EventPayload<C extends EventChannel> = z.output<(typeof eventChannels)[C]>;

/**
 * What main sends back for every invoke. Electron keeps only `message` of an Error thrown in a
 * handler, so failures travel as data and the preload turns them into a rejection with `error`.
 */
export type IpcReply<T> = { ok: true; value: T } | { ok: false; error: { error: ErrorObject } };

type Unsubscribe = () => void;

/** `window.passerelle`: one function per channel, nothing generic. */
export interface PasserelleBridge {
  app: { info(): Promise<AppInfo> };
  connection: {
    get(): Promise<ConnectionState>;
    useEmbedded(): Promise<ConnectionState>;
    onChanged(listener: (state: ConnectionState) => void): Unsubscribe;
  };
  gateway: {
    start(): Promise<EmbeddedGatewayStatus>;
    stop(): Promise<EmbeddedGatewayStatus>;
    restart(): Promise<EmbeddedGatewayStatus>;
    logs(options?: { limit?: number }): Promise<{ lines: LogLine[] }>;
    onLogged(listener: (line: LogLine) => void): Unsubscribe;
  };
  settings: { get(): Promise<Settings>; update(patch: SettingsPatch): Promise<Settings> };
  profiles: {
    list(): Promise<{ profiles: Profile[] }>;
    add(profile: AddProfile): Promise<Profile>;
    test(target: TestProfile): Promise<ProfileTestResult>;
    switch(ref: ProfileRef): Promise<ConnectionState>;
    remove(ref: ProfileRef): Promise<{ profiles: Profile[] }>;
  };
  hfToken: { status(): Promise<HfTokenStatus>; set(body: SetHfToken): Promise<HfTokenStatus>; clear(): Promise<HfTokenStatus> };
  secrets: { status(): Promise<SecretStorageStatus> };
  apiKeys: {
    list(): Promise<{ keys: StoredApiKey[] }>;
    save(body: SaveApiKey): Promise<{ keys: StoredApiKey[] }>;
    /** Copies the key to the clipboard, in main: the renderer never reads it back. */
    copy(ref: ApiKeyRef): Promise<void>;
    remove(ref: ApiKeyRef): Promise<{ keys: StoredApiKey[] }>;
  };
  shell: { openExternal(url: string): Promise<void> };
}

/** The name of the bridge on `window`. */
export const BRIDGE_KEY = 'passerelle';
