import {distance} from 'fastest-levenshtein'

/**
 * The known name a typo most likely meant, or undefined when nothing is close enough to be a typo (a word
 * unrelated to every name gets no suggestion rather than a random one). `alsoMatch` gives a name a second,
 * shorter form to compare with, e.g. the last word of `drift check` for a typed `chek`.
 */
export function closestName(typed: string, known: readonly string[], alsoMatch: (name: string) => string = (name) => name): string | undefined {
  let best: {name: string; cost: number} | undefined
  for (const name of known) {
    const cost = Math.min(distance(typed, name), distance(typed, alsoMatch(name)))
    if (!best || cost < best.cost) best = {name, cost}
  }

  return best && best.cost <= Math.max(2, Math.floor(typed.length / 3)) ? best.name : undefined
}
