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
  for (const component of cyclicComponents(order, edges)) {
    const start = component[0]
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

/**
 * The components that hold a cycle (more than one member, or a member that refers to itself), in the order of their
 * first member in `order`, members in `order` too. Nodes are numbered by their place in `order` and the walk keeps
 * its state in typed arrays: an estate of 100,000 resources is walked on every load.
 */
function cyclicComponents(order: readonly string[], edges: ReadonlyMap<string, Edge[]>): string[][] {
  const number = new Map(order.map((id, at) => [id, at]))
  const targets = order.map((id) => (edges.get(id) ?? []).flatMap((edge) => number.get(edge.to) ?? []))
  const unvisited = -1
  const index = new Int32Array(order.length).fill(unvisited)
  const low = new Int32Array(order.length)
  const onStack = new Uint8Array(order.length)
  const stack: number[] = []
  const components: number[][] = []
  let counter = 0
  const visit = (node: number) => {
    index[node] = low[node] = counter++
    stack.push(node)
    onStack[node] = 1
  }

  for (let root = 0; root < order.length; root++) {
    if (index[root] !== unvisited) continue
    const work: Array<{node: number; next: number}> = [{node: root, next: 0}]
    visit(root)
    while (work.length > 0) {
      const frame = work.at(-1)!
      const out = targets[frame.node]
      if (frame.next < out.length) {
        const to = out[frame.next++]
        if (index[to] === unvisited) {
          visit(to)
          work.push({node: to, next: 0})
        } else if (onStack[to]) {
          low[frame.node] = Math.min(low[frame.node], index[to])
        }

        continue
      }

      work.pop()
      const parent = work.at(-1)
      if (parent) low[parent.node] = Math.min(low[parent.node], low[frame.node])
      if (low[frame.node] !== index[frame.node]) continue
      const component: number[] = []
      let member: number
      do {
        member = stack.pop()!
        onStack[member] = 0
        component.push(member)
      } while (member !== frame.node)
      if (component.length > 1 || targets[frame.node].includes(frame.node)) components.push(component.sort((a, b) => a - b))
    }
  }

  return components.sort((a, b) => a[0] - b[0]).map((component) => component.map((node) => order[node]))
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
