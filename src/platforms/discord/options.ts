/** Settings of the Discord adapter (src/config.ts builds them from the environment). */
export interface DiscordOptions {
  /** Bot token (DISCORD_TOKEN), from Developer Portal → your app → Bot. */
  token: string;
  /** Application id (DISCORD_CLIENT_ID). */
  clientId: string;
  /** Course server id (DISCORD_GUILD_ID): commands register there instantly; global otherwise. */
  guildId?: string;
  /**
   * REST base URL (DISCORD_API_URL), e.g. `http://127.0.0.1:4000/api`; discord.js appends `/v10`.
   * The gateway URL comes from GET /gateway/bot on it, so this points the whole bot at a stand-in.
   */
  apiUrl?: string;
  /** Role (id or name) whose members count as lecturers (DISCORD_LECTURER_ROLE). */
  lecturerRole?: string;
  /** Minimum gap between progress edits (default 1500 ms). */
  progressIntervalMs?: number;
  /** Acknowledge on our own after this long if the command has not (default 1500 ms; Discord allows 3000). */
  ackDeadlineMs?: number;
  /** On stop, how long running commands may finish before they are cancelled (default 10 000 ms). */
  shutdownGraceMs?: number;
  /** How long one REST request may take before it is abandoned (default 10 000 ms). */
  apiTimeoutMs?: number;
  /** How long login may take before it fails with a clear message (default 30 000 ms). */
  loginTimeoutMs?: number;
  /**
   * `gateway` (default): a WebSocket connection to Discord. `http`: Discord POSTs interactions to
   * our endpoint (DISCORD_INTERACTIONS_PORT / _HOST / _PATH), verified with DISCORD_PUBLIC_KEY; for
   * hosts that cannot keep a gateway connection.
   */
  mode?: 'gateway' | 'http';
  /** Application public key, hex (DISCORD_PUBLIC_KEY); required in http mode. */
  publicKey?: string;
  /** Interactions endpoint address in http mode (defaults 127.0.0.1, 3002 — Slack HTTP mode uses 3001 —, /discord/interactions). */
  interactionsHost?: string;
  interactionsPort?: number;
  interactionsPath?: string;
  /**
   * Hosts attachment options' files may be downloaded from (default: Discord's CDN,
   * cdn.discordapp.com and media.discordapp.net, https only). An entry with a scheme allows
   * exactly that origin, e.g. `http://127.0.0.1:4000` for a test's fake CDN; never needed in production.
   */
  attachmentHosts?: string[];
  /** How long downloading one attachment may take (default 15 000 ms). */
  attachmentTimeoutMs?: number;
  /**
   * Gateway mode, when sharded (DISCORD_SHARDS): the one shard this process connects as; it receives
   * only the guilds with (guild_id >> 22) % count === id. Unset = one unsharded connection.
   */
  shard?: { id: number; count: number };
}
