import type {ActualResource} from '../model.js'
import {actualCloudFormationKeys, cloudFormationKey, type ResourceTypeModule, str} from './types.js'

export const cloudwatchAlarm: ResourceTypeModule = {
  type: 'AWS::CloudWatch::Alarm',
  service: 'cloudwatch',
  actualKeys: (actual: ActualResource) => [`name:${str(actual.properties.AlarmName)}`, ...actualCloudFormationKeys(actual)],
  desiredKeys({logicalId, stackName, properties}) {
    const name = str(properties.AlarmName)
    return [...(name ? [`name:${name}`] : []), cloudFormationKey(stackName, logicalId)]
  },
  setPaths: ['/AlarmActions', '/OKActions', '/InsufficientDataActions', '/Dimensions'],
  arnOrNamePaths: [],
  safeHealPaths: ['/Threshold', '/EvaluationPeriods', '/Period', '/AlarmActions'],
  displayName: (actual) => str(actual.properties.AlarmName) ?? actual.physicalId,
}
