// Default rules both RDS types share (DB clusters and DB instances pick groups and ports the same way).
import type {AwsDefaultRule} from './types.js'

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
