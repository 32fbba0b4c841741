import type {DesiredResource, UnsupportedResource} from '../model.js'
import {isSupportedType} from '../resources/index.js'
import {PSEUDO_PARAMETERS} from './intrinsics.js'
import type {ParsedTemplate, Reference} from './parse-template.js'
import type {ValidationProblem} from './problems.js'

/**
 * Problems that need every template at once: duplicate logical ids, references to nothing, dependency cycles.
 * Templates come in load order, so "first" and "second" follow phase and file order.
 */
export function validateAcrossTemplates(templates: readonly ParsedTemplate[]): ValidationProblem[] {
  const problems: ValidationProblem[] = []
  const firstDefinition = new Map<string, {file: string; line: number}>()
  for (const template of templates) {
    for (const {resource} of template.resources) {
      const first = firstDefinition.get(resource.logicalId)
      if (first) {
        problems.push({
          ...resource.location,
          code: 'duplicate-logical-id',
          message: `duplicate logical id '${resource.logicalId}' (first defined at ${first.file}:${first.line}); logical ids must be unique across all phases`,
        })
      } else {
        firstDefinition.set(resource.logicalId, {file: resource.file, line: resource.location.line})
      }
    }
  }

  const unreadable = new Set(templates.flatMap((template) => template.unreadableIds))
  const parameters = new Set(templates.flatMap((template) => template.parameters.map((parameter) => parameter.name)))
  const isResource = (name: string) => firstDefinition.has(name) || unreadable.has(name)
  for (const template of templates) {
    const references = [...template.resources.flatMap((parsed) => parsed.references), ...template.otherReferences]
    for (const reference of references) {
      const message = danglingMessage(reference, isResource, parameters)
      if (message) problems.push({file: template.file, line: reference.line, column: reference.column, code: 'dangling-reference', message})
    }
  }

  problems.push(...dependencyCycles(templates, firstDefinition))
  return problems
}

/**
 * Declared resources of types ialctl does not read, in load order. Not problems (templates may hold any
 * CloudFormation type), but never compared either: `phases validate` warns about them and every report names them.
 */
export function unsupportedResources(resources: readonly DesiredResource[]): UnsupportedResource[] {
  return resources.filter((resource) => !isSupportedType(resource.type)).map((resource) => ({id: resource.logicalId, type: resource.type, location: {file: resource.file, line: resource.location.line}}))
}

function danglingMessage(reference: Reference, isResource: (name: string) => boolean, parameters: ReadonlySet<string>): string | null {
  const {target, via, expression} = reference
  if (isResource(target)) return null
  // GetAtt, DependsOn and ${X.Attr} name resources only; Ref and ${X} may also name a parameter.
  const resourceOnly = via === 'Fn::GetAtt' || via === 'DependsOn' || (via === 'Fn::Sub' && expression.includes('.'))
  if (!resourceOnly && (parameters.has(target) || PSEUDO_PARAMETERS.has(target))) return null
  const what = resourceOnly ? 'resource' : 'resource or parameter'
  switch (via) {
    case 'Ref': {
      return `!Ref ${expression}: no ${what} named '${target}' in any phase`
    }

    case 'Fn::GetAtt': {
      return `!GetAtt ${expression}: no ${what} named '${target}' in any phase`
    }

    case 'Fn::Sub': {
      return `!Sub ${expression}: no ${what} named '${target}' in any phase`
    }

    default: {
      return `DependsOn ${expression}: no ${what} named '${target}' in any phase`
    }
  }
}

interface Edge {
  to: string
  file: string
  reference: Reference
}

/** One problem per strongly connected component (Tarjan, iterative: estates can be deep). */
function dependencyCycles(templates: readonly ParsedTemplate[], defined: ReadonlyMap<string, unknown>): ValidationProblem[] {
  const edges = new Map<string, Edge[]>()
  const order: string[] = []
  for (const template of templates) {
    for (const {resource, references} of template.resources) {
      if (edges.has(resource.logicalId)) continue
      order.push(resource.logicalId)
      const out: Edge[] = []
      const seen = new Set<string>()
      for (const reference of references) {
        if (!defined.has(reference.target) || seen.has(reference.target)) continue
        seen.add(reference.target)
        out.push({to: reference.target, file: template.file, reference})
      }

      edges.set(resource.logicalId, out)
    }
  }

  const problems: ValidationProblem[] = []
  for (const component of stronglyConnected(order, edges)) {
    const start = component.find((id) => component.length > 1 || edges.get(id)!.some((edge) => edge.to === id))
    if (start === undefined) continue
    const members = new Set(component)
    const path = shortestCycle(start, edges, members)
    const firstEdge = edges.get(start)!.find((edge) => edge.to === path[1])!
    problems.push({
      file: firstEdge.file,
      line: firstEdge.reference.line,
      column: firstEdge.reference.column,
      code: 'dependency-cycle',
      message: `dependency cycle: ${path.join(' -> ')}`,
    })
  }

  return problems
}

/** Components in the order of their first member in `order`, members in `order` too. */
function stronglyConnected(order: readonly string[], edges: ReadonlyMap<string, Edge[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const components: string[][] = []
  let counter = 0
  for (const root of order) {
    if (index.has(root)) continue
    const work: Array<{id: string; next: number}> = [{id: root, next: 0}]
    index.set(root, counter)
    low.set(root, counter++)
    stack.push(root)
    onStack.add(root)
    while (work.length > 0) {
      const frame = work.at(-1)!
      const out = edges.get(frame.id) ?? []
      if (frame.next < out.length) {
        const to = out[frame.next++].to
        if (!index.has(to)) {
          index.set(to, counter)
          low.set(to, counter++)
          stack.push(to)
          onStack.add(to)
          work.push({id: to, next: 0})
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!))
        }

        continue
      }

      work.pop()
      const parent = work.at(-1)
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!))
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = []
        let member: string
        do {
          member = stack.pop()!
          onStack.delete(member)
          component.push(member)
        } while (member !== frame.id)
        components.push(component)
      }
    }
  }

  const position = new Map(order.map((id, at) => [id, at]))
  for (const component of components) component.sort((a, b) => position.get(a)! - position.get(b)!)
  return components.sort((a, b) => position.get(a[0])! - position.get(b[0])!)
}

/** `[start, ..., start]`: the shortest way back to `start` inside its component (breadth first). */
function shortestCycle(start: string, edges: ReadonlyMap<string, Edge[]>, members: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const id = queue.shift()!
    for (const {to} of edges.get(id) ?? []) {
      if (!members.has(to)) continue
      if (to === start) return [start, ...pathFrom(start, id, previous), start]
      if (!previous.has(to)) {
        previous.set(to, id)
        queue.push(to)
      }
    }
  }

  return [start, start]
}

function pathFrom(start: string, end: string, previous: ReadonlyMap<string, string>): string[] {
  const path: string[] = []
  for (let at = end; at !== start; at = previous.get(at)!) path.unshift(at)
  return path
}
