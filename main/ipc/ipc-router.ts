import type { z } from 'zod';
import { GatewayError } from '../../gateway/errors';
import { invokeChannels, type ChannelResult, type InvokeChannel, type IpcReply } from './contract';
import { invalidArgument, toErrorBody } from './ipc-error';
import { isTrustedSender, type SenderFrame } from './sender-policy';

/** The part of Electron's ipcMain (and of its IpcMainInvokeEvent) that the router uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => Promise<unknown>): void;
}

export type IpcHandlers = {
  [C in InvokeChannel]: (arg: z.output<(typeof invokeChannels)[C]['arg']>) => Promise<ChannelResult<C>> | ChannelResult<C>;
};

export interface IpcRouterOptions {
  isTrusted?: (frame: SenderFrame | null) => boolean;
  /** Programmer errors and refused senders go to the console log here. */
  onError?: (channel: string, err: unknown) => void;
}

/**
 * Registers one handler per contract channel. Each call: the sender frame must be the console's
 * own page; there must be one argument at most and it must parse; the handler's result is parsed
 * too. Replies are IpcReply envelopes because Electron keeps only the message of a thrown Error.
 */
export function registerIpcHandlers(ipc: IpcMainLike, handlers: IpcHandlers, options: IpcRouterOptions = {}): void {
  const isTrusted = options.isTrusted ?? ((f) => isTrustedSender(f));
  for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) {
    ipc.handle(channel, async (event, ...args) => {
      try {
        if (!isTrusted(event.senderFrame)) {
          throw new GatewayError('forbidden_sender', `${channel} was called from ${event.senderFrame?.url ?? 'an unknown frame'}, which is not the console's page.`);
        }
        return { ok: true, value: await dispatch(channel, handlers, args) } satisfies IpcReply<unknown>;
      } catch (err) {
        if (!(err instanceof GatewayError) || err.code === 'forbidden_sender') options.onError?.(channel, err);
        return { ok: false, error: toErrorBody(err) } satisfies IpcReply<unknown>;
      }
    });
  }
}

async function dispatch<C extends InvokeChannel>(channel: C, handlers: IpcHandlers, args: unknown[]): Promise<unknown> {
  const schema = invokeChannels[channel];
  if (args.length > 1) throw new GatewayError('invalid_request', `${channel} takes one argument at most; it got ${args.length}.`);
  const parsed = schema.arg.safeParse(args[0]);
  if (!parsed.success) throw invalidArgument(channel, parsed.error);
  const handler = handlers[channel] as (arg: unknown) => unknown;
  const result = await handler(parsed.data);
  // A result that breaks the contract is main's bug: fail here rather than in the renderer.
  return schema.result.parse(result);
}
