// Validates Kubernetes manifests against the API's OpenAPI schemas as generated into kubernetes-models (types, required
// fields, enums; unknown fields are not reported). Usage: node validate.mjs FILE... ; prints one line per object.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let valid = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      invalid++;
      console.error(`${file}: ${doc.errors[0].message}`);
      continue;
    }
    const object = doc.toJSON();
    if (!object || object.kind === "Kustomization") continue;
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
    const name = `${file}: ${object.kind}/${object.metadata?.name}`;
    let model;
    try {
      const module = await import(group ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/${version}/${object.kind}`);
      model = new module[object.kind](object);
    } catch {
      invalid++;
      console.error(`${name}: unknown kind ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      model.validate();
      valid++;
    } catch (error) {
      invalid++;
      console.error(`${name}: ${error.message}`);
    }
  }
}
console.log(`k8s manifests: ${valid} valid, ${invalid} invalid`);
process.exit(invalid > 0 || valid === 0 ? 1 : 0);
