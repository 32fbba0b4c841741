/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts (`work` is then abandoned: its own
 * I/O is closed by whoever listens to the same signal). Without a signal, `work` as it is.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason)
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, {once: true})
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}
