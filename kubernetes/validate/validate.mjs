// Renders kubernetes/base and every kubernetes/overlays/* with `kubectl kustomize` and validates each
// rendered document against the JSON schema of its kind: Kubernetes itself (kubernetes-models),
// Gateway API (@kubernetes-models/gateway-api) and the Prometheus Operator
// (@kubernetes-models/prometheus-operator), all pinned in package-lock.json, all offline.
// A kind with no schema here is an error, not a pass.
//
// These schemas check types, required fields, enums, formats and patterns, as the API server's
// OpenAPI does; like it, they let unknown fields through (the API server rejects those under
// kubectl's strict field validation): KubernetesManifestsTest catches them with the fabric8 model.
//
//   npm ci --prefix kubernetes/validate && node kubernetes/validate/validate.mjs
//
// kubectl is taken from $KUBECTL, else from the PATH. Prints one line per kustomization, or the
// path of each offending document and field; exits 1 on any of those.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kubectl = process.env.KUBECTL || 'kubectl';

const modelModules = [
  'kubernetes-models/v1',
  'kubernetes-models/apps/v1',
  'kubernetes-models/autoscaling/v2',
  'kubernetes-models/policy/v1',
  'kubernetes-models/networking.k8s.io/v1',
  '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1',
  '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
];

/** apiVersion + kind → the model class that validates it. */
async function loadModels() {
  const models = new Map();
  for (const name of modelModules) {
    for (const exported of Object.values(await import(name))) {
      if (typeof exported === 'function' && exported.apiVersion && exported.kind) {
        models.set(`${exported.apiVersion} ${exported.kind}`, exported);
      }
    }
  }
  return models;
}

function kustomizations() {
  const overlays = join(root, 'kubernetes', 'overlays');
  const dirs = [join(root, 'kubernetes', 'base')];
  for (const entry of readdirSync(overlays, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      dirs.push(join(overlays, entry.name));
    }
  }
  return dirs.filter((dir) => existsSync(join(dir, 'kustomization.yaml')));
}

function render(dir) {
  try {
    return execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new Error(`${kubectl} not found: set KUBECTL or put kubectl (with kustomize 5) on the PATH`);
    }
    throw new Error(`kubectl kustomize ${relative(root, dir)} failed:\n${error.stderr || error.message}`);
  }
}

const models = await loadModels();
const problems = [];
for (const dir of kustomizations()) {
  const where = relative(root, dir);
  let rendered;
  try {
    rendered = render(dir);
  } catch (error) {
    problems.push(error.message);
    continue;
  }
  const kinds = [];
  parseAllDocuments(rendered).forEach((parsed, index) => {
    const document = parsed.toJS();
    if (document == null) {
      return;
    }
    const name = `${where}: document ${index + 1} (${document.apiVersion} ${document.kind} ${document.metadata?.name})`;
    if (parsed.errors.length > 0) {
      problems.push(`${name}: ${parsed.errors.map((e) => e.message).join('; ')}`);
      return;
    }
    const Model = models.get(`${document.apiVersion} ${document.kind}`);
    if (!Model) {
      problems.push(`${name}: no schema for this kind here; add its model package to kubernetes/validate`);
      return;
    }
    try {
      new Model(document).validate();
      kinds.push(document.kind);
    } catch (error) {
      for (const detail of error.errors ?? [{ instancePath: '', message: error.message }]) {
        const params = detail.params && Object.keys(detail.params).length > 0 ? ` ${JSON.stringify(detail.params)}` : '';
        problems.push(`${name}: ${detail.instancePath || '/'} ${detail.message}${params}`);
      }
    }
  });
  console.log(`${where}: ${kinds.length} documents valid (${kinds.join(', ')})`);
}

if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
  process.exit(1);
}
