import { readFileSync } from 'node:fs';
import { KNOWN_KEYS } from '../../../src/compose/loader/known-keys.js';
import { sharedFile } from '../../support/shared.js';
import { describeWhen } from '../../support/gate.js';

type Schema = { properties: Record<string, Schema>; definitions: Record<string, Schema>; items?: { oneOf: Schema[] } };

const schemaFile = sharedFile('schemas', 'compose-spec.json');
const describeWithSchema = describeWhen(schemaFile, 'the shared folder has no schemas/compose-spec.json');

describeWithSchema('known compose keys', () => {
  it('are the keys of the compose-spec JSON schema', () => {
    const schema = JSON.parse(readFileSync(schemaFile as string, 'utf8')) as Schema;
    const service = schema.definitions.service as Schema;
    const volume = (service.properties.volumes as Schema).items!.oneOf[1] as Schema;
    expect(KNOWN_KEYS.top).toEqual(Object.keys(schema.properties));
    expect(KNOWN_KEYS.service).toEqual(Object.keys(service.properties));
    expect(KNOWN_KEYS.serviceVolume).toEqual(Object.keys(volume.properties));
    expect(KNOWN_KEYS.serviceVolumeBind).toEqual(Object.keys((volume.properties.bind as Schema).properties));
    expect(KNOWN_KEYS.serviceVolumeVolume).toEqual(Object.keys((volume.properties.volume as Schema).properties));
    expect(KNOWN_KEYS.serviceVolumeTmpfs).toEqual(Object.keys((volume.properties.tmpfs as Schema).properties));
    expect(KNOWN_KEYS.serviceVolumeImage).toEqual(Object.keys((volume.properties.image as Schema).properties));
    expect(KNOWN_KEYS.topVolume).toEqual(Object.keys((schema.definitions.volume as Schema).properties));
  });
});
