import {awsCall} from '../call.js'
import type {HealClients, HealExecutor} from './types.js'

/** An SDK command class; its input is the call's validated params as they are. */
type CommandClass = new (input: never) => object

interface Sender {
  send(command: object): Promise<unknown>
}

/**
 * Executors for calls that go to AWS exactly as their schema let them through: `Service.Operation` sends
 * `new Command(params)` with `clients[client]`, through `awsCall` (error mapping, deadline). A call that needs more
 * than that (a read first, a guard against the resource as it is now) is written out beside these instead.
 */
export function sendAsValidated(service: string, client: keyof HealClients, commands: Readonly<Record<string, CommandClass>>): Record<string, HealExecutor> {
  return Object.fromEntries(
    Object.entries(commands).map(([operation, Command]): [string, HealExecutor] => [
      `${service}.${operation}`,
      async (clients, params, region) => {
        const sender = clients[client] as unknown as Sender
        // A copy: the SDK's middleware writes into a command's input (S3's ChecksumAlgorithm), and `params` belongs to the plan.
        await awsCall({service, operation, region}, () => sender.send(new Command({...params} as never)))
      },
    ]),
  )
}
