import { describe, expect, test } from '@jest/globals'
import { builderContainer, builderStateVolume } from '../../../src/builders/buildx-names.js'

describe('builderContainer and builderStateVolume', () => {
  test('container and volume names follow buildx', () => {
    expect([builderContainer('cachekeeper-app'), builderStateVolume('cachekeeper-app')]).toEqual([
      'buildx_buildkit_cachekeeper-app0',
      'buildx_buildkit_cachekeeper-app0_state'
    ])
  })
})
