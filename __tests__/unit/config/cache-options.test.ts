import { describe, expect, test } from '@jest/globals'
import { InputError, parseInputs, type RawInputs } from '../../../src/config/inputs.js'

const env = { GITHUB_REPOSITORY: 'acme/app' }

describe('cache-options against the attributes the action writes', () => {
  const registry: RawInputs = { 'cache-mode': 'registry', 'registry-ref': 'git.example.com/org/app-cache' }
  const set = 'is set by the action itself: '

  // Every key the action writes, in the backend that writes it and in one that does not; the value quoted is the offending item.
  test.each<[RawInputs, string, string, string]>([
    [{}, 'type=registry', 'type=registry', `type ${set}the backend is chosen by the input 'cache-mode'`],
    [{}, 'src=/etc', 'src=/etc', `src ${set}the local store is found from the inputs 'volume-path' and 'repo-name'`],
    [{}, 'compression=zstd,dest=/etc', 'dest=/etc', `dest ${set}the local store is found from the inputs 'volume-path' and 'repo-name'`],
    [{}, 'tag=latest', 'tag=latest', `tag ${set}the tag is the scope, from the inputs 'scope' and 'key'`],
    [registry, 'ref=other/cache:x', 'ref=other/cache:x', `ref ${set}the reference is the input 'registry-ref' with the scope as its tag`],
    [{}, 'ref=other/cache:x', 'ref=other/cache:x', `ref ${set}the reference is the input 'registry-ref' with the scope as its tag`],
    [{ 'cache-mode': 'gha' }, 'scope=other', 'scope=other', `scope ${set}the gha scope is <repo-name>-<scope>, from the inputs 'repo-name', 'scope' and 'key'`],
    [{ 'cache-mode': 's3' }, 'name=other', 'name=other', `name ${set}the s3 name is <repo-name>-<scope>, from the inputs 'repo-name', 'scope' and 'key'`],
    [registry, 'mode=min', 'mode=min', `mode ${set}use the input 'mode' (max or min)`],
    [{ 'cache-mode': 'gha' }, 'mode=max', 'mode=max', `mode ${set}use the input 'mode' (max or min)`],
    [{}, 'ignore-error=false', 'ignore-error=false', `ignore-error ${set}use the input 'ignore-error' (true or false)`],
    [registry, 'image-manifest=no', 'image-manifest=no', "image-manifest overrides the action's value and must be true or false"],
    [registry, 'oci-mediatypes=1', 'oci-mediatypes=1', "oci-mediatypes overrides the action's value and must be true or false"],
    [
      registry,
      'oci-mediatypes=false',
      'oci-mediatypes=false',
      'BuildKit needs OCI media types for an image manifest: with oci-mediatypes=false also give image-manifest=false'
    ],
    [{}, 'oci-mediatypes=false\nimage-manifest=true', 'image-manifest=true,oci-mediatypes=false', 'BuildKit needs OCI media types for an image manifest'],
    [{ 'cache-mode': 's3' }, 'bucket=', 'bucket=', "bucket needs a value after '='; leave bucket out to get BuildKit's default"],
    [{ 'cache-mode': 's3' }, 'bucket=ci,region=', 'region=', "region needs a value after '='"],
    [{}, 'compression=zstd\ncompression=gzip', 'compression=gzip', 'compression is given twice; give each key once'],
    [registry, 'image-manifest=false,image-manifest=true', 'image-manifest=true', 'image-manifest is given twice']
  ])('%j with %j: refused, quoting %j', (raw, options, item, message) => {
    expect(() => parseInputs({ ...raw, 'cache-options': options }, env)).toThrow(InputError)
    expect(() => parseInputs({ ...raw, 'cache-options': options }, env)).toThrow(`Input 'cache-options' has an invalid value '${item}': ${message}`)
  })

  test.each<[RawInputs, string, Array<[string, string]>]>([
    [
      registry,
      'image-manifest=false,oci-mediatypes=false',
      [
        ['image-manifest', 'false'],
        ['oci-mediatypes', 'false']
      ]
    ],
    [registry, 'image-manifest=false', [['image-manifest', 'false']]],
    [{}, 'image-manifest=true', [['image-manifest', 'true']]],
    [{}, 'oci-mediatypes=false', [['oci-mediatypes', 'false']]],
    [
      { 'cache-mode': 's3' },
      'bucket=ci,region=eu-west-1,use_path_style=true',
      [
        ['bucket', 'ci'],
        ['region', 'eu-west-1'],
        ['use_path_style', 'true']
      ]
    ]
  ])('%j with %j is accepted', (raw, options, expected) => {
    expect(parseInputs({ ...raw, 'cache-options': options }, env).inputs.cacheOptions).toEqual(expected)
  })
})
