/**
 * The WebSocket side of a fake Slack Socket Mode connection: on connect it sends `hello` (which is
 * when Slack's client counts as connected), sends envelopes `{ envelope_id, type, payload }` and
 * collects the client's acks `{ envelope_id, payload }`.
 */
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

/** One envelope ack from the client; `payload` is what the app passed to ack() (e.g. an ephemeral message). */
export interface SocketAck {
  envelopeId: string;
  payload: unknown;
}

export class FakeSocketModeServer {
  readonly acks: SocketAck[] = [];
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();

  /** Serves WebSocket upgrades at `path` on `server`; `onEvent` hears "socket:hello", "socket:ack", "socket:closed". */
  constructor(server: Server, path: string, private readonly onEvent: (event: string) => void) {
    this.wss = new WebSocketServer({ server, path });
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  get clientCount(): number {
    return this.sockets.size;
  }

  /** Sends an envelope to the first connected client and returns its envelope id. */
  send(type: 'slash_commands' | 'interactive', payload: Record<string, unknown>): string {
    const socket = [...this.sockets][0];
    if (!socket) throw new Error('fake Slack: no Socket Mode client is connected');
    const envelopeId = randomUUID();
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type === 'slash_commands' }));
    this.onEvent(`envelope:${type}`);
    return envelopeId;
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.onEvent('socket:closed');
    });
    socket.on('message', (data) => {
      let message: { envelope_id?: string; payload?: unknown };
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (message.envelope_id) {
        this.acks.push({ envelopeId: message.envelope_id, payload: message.payload });
        this.onEvent('socket:ack');
      }
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0FAKEAPP' },
      }),
    );
    this.onEvent('socket:hello');
  }
}
