import type { DuplicateKey, JsonObject, JsonProperty } from './jsonTree';

/** Past this many properties a map beats comparing each key with those before it. */
const LINEAR_LIMIT = 12;

/** Adds each repeated key of the object, paired with its first occurrence, to found. */
export function findDuplicateKeys(object: JsonObject, found: DuplicateKey[]): void {
  const properties = object.properties;
  if (properties.length <= LINEAR_LIMIT) {
    for (let i = 1; i < properties.length; i++) {
      const key = properties[i].key.value;
      for (let j = 0; j < i; j++) {
        if (properties[j].key.value === key) {
          found.push({ object, first: properties[j], duplicate: properties[i] });
          break;
        }
      }
    }
    return;
  }
  const firstByKey = new Map<string, JsonProperty>();
  for (const property of properties) {
    const first = firstByKey.get(property.key.value);
    if (first) found.push({ object, first, duplicate: property });
    else firstByKey.set(property.key.value, property);
  }
}
