// What both RDS types share: identity by identifier, and the default rules (groups and ports are picked alike).
import {type AwsDefaultRule, str} from './types.js'

/** Identity key of an RDS identifier. RDS stores identifiers in lower case whatever case the template used. */
export const rdsIdentifierKey = (value: unknown): string[] => {
  const id = str(value)
  return id ? [`id:${id.toLowerCase()}`] : []
}

/** RDS's own parameter and option groups (`default.postgres16`, `default:mysql-8-0`). */
export const RDS_DEFAULT_GROUP: AwsDefaultRule = (value) => typeof value === 'string' && /^default[.:]/.test(value)

/** The port the engine listens on unless told otherwise. */
export const RDS_ENGINE_PORT: AwsDefaultRule = (value, properties) => engineDefaultPort(properties.Engine) === Number(value)

function engineDefaultPort(engine: unknown): number | undefined {
  const name = String(engine ?? '')
  if (name.includes('postgres')) return 5432
  if (name.includes('mysql') || name.includes('mariadb')) return 3306
  return undefined
}
