#!/usr/bin/env node
// Validates every YAML document under deploy/kubernetes (or the files and folders given):
//   - Kubernetes objects (Pod, which Spark pod templates are; ServiceAccount; Role;
//     RoleBinding; ConfigMap; PersistentVolumeClaim) against the Kubernetes schemas of
//     kubernetes-models, plus a check for fields those schemas do not know (they let unknown
//     fields through, and the API server would drop a misspelt one without a word);
//   - SparkApplication (sparkoperator.k8s.io/v1beta2) against sparkapplication-v1beta2.schema.json,
//     OUR schema written from the operator's API documentation (not the operator's CRD), with
//     the Kubernetes objects inside its spec checked as above;
//   - the references between the documents: mounts name declared volumes; ConfigMaps,
//     claims, service accounts and roles that are referred to are defined here; the run file
//     and the authentication secret file a SparkApplication reads are mounted.
// Any other kind is an error. Exit status: 0 all valid; 1 problems, each on stderr naming file,
// document and field; 2 usage error.
//
//   node validate.mjs [FILE_OR_FOLDER...]   default: ../kubernetes
//   node validate.mjs --self-test           broken documents must be refused, a valid set accepted
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import yaml from "js-yaml";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { EnvVar } from "kubernetes-models/v1/EnvVar";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Pod } from "kubernetes-models/v1/Pod";
import { PodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import { SecurityContext } from "kubernetes-models/v1/SecurityContext";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Toleration } from "kubernetes-models/v1/Toleration";
import { Volume } from "kubernetes-models/v1/Volume";
import { VolumeMount } from "kubernetes-models/v1/VolumeMount";

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, "../..");

const SPARK_APPLICATION = "sparkoperator.k8s.io/v1beta2/SparkApplication";
const MODELS = new Map([
  ["v1/Pod", Pod],
  ["v1/ServiceAccount", ServiceAccount],
  ["v1/ConfigMap", ConfigMap],
  ["v1/PersistentVolumeClaim", PersistentVolumeClaim],
  ["rbac.authorization.k8s.io/v1/Role", Role],
  ["rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding],
]);
const KNOWN_KINDS = [...MODELS.keys(), SPARK_APPLICATION];

// Kubernetes objects inside a SparkApplication driver or executor, by field.
const POD_PART_LISTS = { env: EnvVar, tolerations: Toleration, volumeMounts: VolumeMount };
const POD_PART_OBJECTS = { podSecurityContext: PodSecurityContext, securityContext: SecurityContext };

const sparkApplicationSchema = new Ajv({ allErrors: true }).compile(
  JSON.parse(fs.readFileSync(path.join(here, "sparkapplication-v1beta2.schema.json"), "utf8")));

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const pointer = (key) => String(key).replaceAll("~", "~0").replaceAll("/", "~1");

/** Problems of a failed ajv validation, one per field, paths under {@code base}. */
function ajvProblems(errors, base) {
  const byPath = new Map();
  for (const e of errors) {
    let where = base + e.instancePath;
    let message = e.message;
    if (e.propertyName !== undefined) {
      where += `/${pointer(e.propertyName)}`;
      message = `key ${message}`;
    } else if (e.keyword === "additionalProperties") {
      where += `/${pointer(e.params.additionalProperty)}`;
      message = "unknown field (not in the schema)";
    } else if (e.keyword === "required") {
      where += `/${pointer(e.params.missingProperty)}`;
      message = "required field is missing";
    } else if (e.keyword === "enum") {
      message += `: ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    } else if (e.keyword === "const") {
      message += `: ${JSON.stringify(e.params.allowedValue)}`;
    }
    if (e.keyword === "propertyNames") {
      continue; // the error inside names the key; this one only repeats it
    }
    const messages = byPath.get(where) ?? [];
    if (!messages.includes(message)) {
      messages.push(message);
    }
    byPath.set(where, messages);
  }
  return [...byPath].map(([where, messages]) => ({ path: where, message: messages.join("; ") }));
}

/**
 * A view of {@code value} that records, for every object inside it, which of its fields were
 * read. The schema validators of kubernetes-models read exactly the fields their schema
 * declares (and every key of a map), so a field nobody read is one the schema does not know.
 */
function recording(value, where, seen) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const read = new Set();
  const children = new Map();
  seen.push({ target: value, where, read });
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === "string" && Object.hasOwn(target, key)) {
        read.add(key);
        if (!children.has(key)) {
          children.set(key, recording(target[key], `${where}/${pointer(key)}`, seen));
        }
        return children.get(key);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/** Schema problems of {@code value} as a {@code Model}, then fields its schema lacks. */
function kubernetesProblems(Model, value, base) {
  if (!isObject(value)) {
    return [{ path: base, message: `must be an object (a ${Model.name})` }];
  }
  try {
    new Model(value).validate();
  } catch (e) {
    if (!Array.isArray(e.errors)) {
      throw e;
    }
    return ajvProblems(e.errors, base);
  }
  const seen = [];
  // validate() runs the model's schema on `this`: here the recording view of the raw value.
  Model.prototype.validate.call(recording(value, base, seen));
  const problems = [];
  for (const { target, where, read } of seen) {
    if (Array.isArray(target)) {
      continue;
    }
    for (const key of Object.keys(target).filter((k) => !read.has(k))) {
      problems.push({
        path: `${where}/${pointer(key)}`,
        message: `unknown field (the Kubernetes schema of ${Model.name} has no such field)`,
      });
    }
  }
  return problems;
}

/** Problems of a SparkApplication: our schema, then the Kubernetes objects in its spec. */
function sparkApplicationProblems(doc) {
  if (!sparkApplicationSchema(doc)) {
    return ajvProblems(sparkApplicationSchema.errors, "");
  }
  const problems = [];
  (doc.spec.volumes ?? []).forEach((v, i) =>
    problems.push(...kubernetesProblems(Volume, v, `/spec/volumes/${i}`)));
  for (const role of ["driver", "executor"]) {
    const part = doc.spec[role];
    for (const [field, Model] of Object.entries(POD_PART_LISTS)) {
      (part[field] ?? []).forEach((v, i) =>
        problems.push(...kubernetesProblems(Model, v, `/spec/${role}/${field}/${i}`)));
    }
    for (const [field, Model] of Object.entries(POD_PART_OBJECTS)) {
      if (part[field] !== undefined) {
        problems.push(...kubernetesProblems(Model, part[field], `/spec/${role}/${field}`));
      }
    }
  }
  return problems;
}

function kindOf(doc) {
  return `${doc.apiVersion}/${doc.kind}`;
}

/** Schema problems of one document. */
function documentProblems(doc) {
  if (!isObject(doc)) {
    return [{ path: "", message: "a document must be a mapping (a Kubernetes object)" }];
  }
  const missing = ["apiVersion", "kind"].filter((k) => typeof doc[k] !== "string");
  if (missing.length > 0) {
    return missing.map((k) => ({ path: `/${k}`, message: "required field is missing" }));
  }
  if (kindOf(doc) === SPARK_APPLICATION) {
    return sparkApplicationProblems(doc);
  }
  const Model = MODELS.get(kindOf(doc));
  if (Model === undefined) {
    return [{
      path: "/kind",
      message: `unknown kind ${kindOf(doc)}: this validator knows ${KNOWN_KINDS.join(", ")}`,
    }];
  }
  return kubernetesProblems(Model, doc, "");
}

/** The files that configMap and secret volumes make appear through {@code mounts}. */
function mountedFiles(volumes, mounts, definedConfigMap) {
  const files = new Set();
  const folders = [];
  for (const mount of mounts ?? []) {
    const volume = (volumes ?? []).find((v) => v.name === mount.name);
    const folder = String(mount.mountPath).replace(/\/+$/, "");
    if (volume === undefined) {
      continue;
    }
    if (mount.subPath) {
      files.add(folder);
      continue;
    }
    const source = volume.configMap ?? volume.secret;
    if (source?.items) {
      source.items.forEach((item) => files.add(`${folder}/${item.path}`));
    } else if (volume.configMap) {
      const data = definedConfigMap(volume.configMap.name)?.data ?? {};
      Object.keys(data).forEach((key) => files.add(`${folder}/${key}`));
    } else if (volume.secret) {
      folders.push(folder); // a secret's keys are not known here
    }
  }
  return (file) => files.has(file) || folders.some((f) => file.startsWith(`${f}/`));
}

/** Problems of references between the documents of one validation. */
function referenceProblems(entries) {
  const docs = entries.filter((e) => e.valid).map((e) => e.doc);
  const defined = (kind, name, namespace) => docs.find((d) => d.kind === kind
      && d.metadata?.name === name
      && (namespace === undefined || d.metadata?.namespace === undefined
        || d.metadata.namespace === namespace));
  const problems = [];
  const at = (entry, where, message) => problems.push({ entry, path: where, message });

  // volumes and the mounts of the containers using them, in a Pod or a SparkApplication
  function checkVolumes(entry, volumes, volumesPath, mountLists, namespace) {
    const names = new Set();
    (volumes ?? []).forEach((v, i) => {
      if (names.has(v.name)) {
        at(entry, `${volumesPath}/${i}/name`, `a second volume named ${v.name}`);
      }
      names.add(v.name);
      const map = v.configMap?.name;
      if (map !== undefined) {
        const configMap = defined("ConfigMap", map, namespace);
        if (configMap === undefined) {
          at(entry, `${volumesPath}/${i}/configMap/name`, `ConfigMap ${map} is not defined here`);
        } else {
          (v.configMap.items ?? []).forEach((item, j) => {
            if (!Object.hasOwn(configMap.data ?? {}, item.key)) {
              at(entry, `${volumesPath}/${i}/configMap/items/${j}/key`,
                `ConfigMap ${map} has no key ${item.key}`);
            }
          });
        }
      }
      const claim = v.persistentVolumeClaim?.claimName;
      if (claim !== undefined && defined("PersistentVolumeClaim", claim, namespace) === undefined) {
        at(entry, `${volumesPath}/${i}/persistentVolumeClaim/claimName`,
          `PersistentVolumeClaim ${claim} is not defined here`);
      }
    });
    for (const [mountsPath, mounts] of mountLists) {
      (mounts ?? []).forEach((m, j) => {
        if (!names.has(m.name)) {
          at(entry, `${mountsPath}/${j}/name`, `no volume named ${m.name} is declared`);
        }
      });
    }
  }

  function checkServiceAccount(entry, where, name, namespace) {
    if (name !== undefined && defined("ServiceAccount", name, namespace) === undefined) {
      at(entry, where, `ServiceAccount ${name} is not defined here`);
    }
  }

  for (const entry of entries.filter((e) => e.valid)) {
    const { doc } = entry;
    const namespace = doc.metadata?.namespace;
    if (doc.kind === "Pod") {
      checkVolumes(entry, doc.spec.volumes, "/spec/volumes", doc.spec.containers.map(
        (c, i) => [`/spec/containers/${i}/volumeMounts`, c.volumeMounts]), namespace);
      checkServiceAccount(entry, "/spec/serviceAccountName", doc.spec.serviceAccountName,
        namespace);
    } else if (doc.kind === "RoleBinding") {
      if (doc.roleRef.kind === "Role" && defined("Role", doc.roleRef.name, namespace) === undefined) {
        at(entry, "/roleRef/name", `Role ${doc.roleRef.name} is not defined here`);
      }
      (doc.subjects ?? []).forEach((s, i) => {
        if (s.kind === "ServiceAccount") {
          checkServiceAccount(entry, `/subjects/${i}/name`, s.name, s.namespace ?? namespace);
        }
      });
    } else if (kindOf(doc) === SPARK_APPLICATION) {
      const { spec } = doc;
      checkVolumes(entry, spec.volumes, "/spec/volumes", ["driver", "executor"].map(
        (role) => [`/spec/${role}/volumeMounts`, spec[role].volumeMounts]), namespace);
      for (const role of ["driver", "executor"]) {
        checkServiceAccount(entry, `/spec/${role}/serviceAccount`, spec[role].serviceAccount,
          namespace);
      }
      const configMap = (name) => defined("ConfigMap", name, namespace);
      const inDriver = mountedFiles(spec.volumes, spec.driver.volumeMounts, configMap);
      const inExecutor = mountedFiles(spec.volumes, spec.executor.volumeMounts, configMap);
      const runFile = spec.arguments?.[1];
      if (spec.arguments?.[0] === "train" && runFile?.startsWith("/") && !inDriver(runFile)) {
        at(entry, "/spec/arguments/1",
          `run file ${runFile} is in no ConfigMap or Secret volume mounted in the driver`);
      }
      const secretFiles = [
        ["spark.authenticate.secret.file", [["driver", inDriver], ["executor", inExecutor]]],
        ["spark.authenticate.secret.driver.file", [["driver", inDriver]]],
        ["spark.authenticate.secret.executor.file", [["executor", inExecutor]]],
      ];
      for (const [key, roles] of secretFiles) {
        const file = spec.sparkConf?.[key];
        for (const [role, mounted] of roles) {
          if (file !== undefined && !mounted(file)) {
            at(entry, `/spec/sparkConf/${pointer(key)}`,
              `${file} is in no ConfigMap or Secret volume mounted in the ${role}`);
          }
        }
      }
    }
  }
  return problems;
}

/**
 * Validates YAML texts ({name, text}); returns the checked documents and the problems, each
 * problem a line naming file, document and field.
 */
function validateTexts(files) {
  const entries = [];
  const lines = [];
  for (const { name, text } of files) {
    let docs;
    try {
      docs = yaml.loadAll(text, null, { filename: name });
    } catch (e) {
      lines.push(`${name}: YAML error: ${e.message.split("\n")[0]}`);
      continue;
    }
    docs.forEach((doc, i) => {
      if (doc === null || doc === undefined) {
        return; // an empty document, e.g. after a final ---
      }
      const entry = { file: name, number: i + 1, doc };
      entry.label = isObject(doc) ? `${doc.kind ?? "no kind"} ${doc.metadata?.name ?? "(unnamed)"}`
        : "not a mapping";
      const problems = documentProblems(doc);
      entry.valid = problems.length === 0;
      problems.forEach((p) => lines.push(describe(entry, p)));
      entries.push(entry);
    });
  }
  referenceProblems(entries).forEach((p) => {
    p.entry.valid = false;
    lines.push(describe(p.entry, p));
  });
  return { entries, problems: lines };
}

function describe(entry, problem) {
  return `${entry.file}: document ${entry.number} (${entry.label}): ${problem.path || "/"}: `
    + problem.message;
}

function yamlFiles(target) {
  const stat = fs.statSync(target);
  if (stat.isFile()) {
    return [target];
  }
  return fs.readdirSync(target, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => {
      const full = path.join(target, d.name);
      if (d.isDirectory()) {
        return d.name === "node_modules" ? [] : yamlFiles(full);
      }
      return /\.ya?ml$/.test(d.name) ? [full] : [];
    });
}

function validateTargets(targets) {
  for (const t of targets) {
    if (!fs.existsSync(t)) {
      console.error(`validate.mjs: ${t} does not exist`);
      return 2;
    }
  }
  const files = targets.flatMap(yamlFiles);
  if (files.length === 0) {
    console.error(`validate.mjs: no .yaml or .yml file in ${targets.join(", ")}`);
    return 1;
  }
  const { entries, problems } = validateTexts(files.map((f) => ({
    name: path.relative(repositoryRoot, path.resolve(f)),
    text: fs.readFileSync(f, "utf8"),
  })));
  for (const e of entries) {
    console.log(`${e.valid ? "valid  " : "INVALID"} ${e.file}: document ${e.number} (${e.label})`);
  }
  problems.forEach((p) => console.error(p));
  console.log(`${entries.length} documents in ${files.length} files: `
    + (problems.length === 0 ? "all valid" : `${problems.length} problems`));
  return problems.length === 0 ? 0 : 1;
}

// ---- self-test: the checks above must refuse each broken document for the stated reason ----

function validBaseline() {
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa", namespace: "ns" } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role",
      metadata: { name: "role", namespace: "ns" },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["create"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding",
      metadata: { name: "binding", namespace: "ns" },
      subjects: [{ kind: "ServiceAccount", name: "sa", namespace: "ns" }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "role" },
    },
    {
      apiVersion: "v1", kind: "ConfigMap", metadata: { name: "run", namespace: "ns" },
      data: { "run.conf": "ngrpo.run.steps = 1\n" },
    },
    {
      apiVersion: "v1", kind: "Pod", metadata: { labels: { role: "template" } },
      spec: {
        serviceAccountName: "sa",
        containers: [{
          name: "c",
          resources: { limits: { "nvidia.com/gpu": 1 } },
          volumeMounts: [{ name: "run", mountPath: "/etc/ngrpo" }],
        }],
        volumes: [{ name: "run", configMap: { name: "run" } }],
      },
    },
    {
      apiVersion: "sparkoperator.k8s.io/v1beta2", kind: "SparkApplication",
      metadata: { name: "app", namespace: "ns" },
      spec: {
        type: "Java", mode: "cluster", sparkVersion: "4.2.0", mainClass: "a.B",
        mainApplicationFile: "local:///opt/app.jar", arguments: ["train", "/etc/ngrpo/run.conf"],
        sparkConf: { "spark.authenticate": "true" },
        volumes: [{ name: "run", configMap: { name: "run" } }],
        restartPolicy: { type: "Never" },
        driver: {
          cores: 1, memory: "1g", serviceAccount: "sa",
          volumeMounts: [{ name: "run", mountPath: "/etc/ngrpo" }],
        },
        executor: {
          instances: 1, cores: 1, memory: "1g", gpu: { name: "nvidia.com/gpu", quantity: 1 },
          tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
        },
      },
    },
  ];
}

const pod = (docs) => docs.find((d) => d.kind === "Pod");
const app = (docs) => docs.find((d) => d.kind === "SparkApplication");

// [case, change to the valid baseline, text every problem list must contain (null: none)]
const SELF_TEST_CASES = [
  ["the valid baseline is accepted", () => {}, null],
  ["Pod: containers not a list", (d) => { pod(d).spec.containers = "c"; },
    "(Pod (unnamed)): /spec/containers: must be array"],
  ["Pod: a container without name", (d) => { delete pod(d).spec.containers[0].name; },
    "/spec/containers/0/name: required field is missing"],
  ["Pod: misspelt field", (d) => { pod(d).spec.nodeSelectr = { gpu: "true" }; },
    "/spec/nodeSelectr: unknown field"],
  ["Pod: misspelt container field", (d) => { pod(d).spec.containers[0].volumeMount = []; },
    "/spec/containers/0/volumeMount: unknown field"],
  ["Pod: GPU limit that is no quantity",
    (d) => { pod(d).spec.containers[0].resources.limits["nvidia.com/gpu"] = "one"; },
    "/spec/containers/0/resources/limits/nvidia.com~1gpu: must be number"],
  ["Pod: mount of an undeclared volume",
    (d) => { pod(d).spec.containers[0].volumeMounts.push({ name: "data", mountPath: "/d" }); },
    "/spec/containers/0/volumeMounts/1/name: no volume named data is declared"],
  ["Pod: unknown service account", (d) => { pod(d).spec.serviceAccountName = "other"; },
    "/spec/serviceAccountName: ServiceAccount other is not defined here"],
  ["unknown kind", (d) => { d.push({ apiVersion: "apps/v1", kind: "Deployment" }); },
    "/kind: unknown kind apps/v1/Deployment"],
  ["document without kind", (d) => { delete d[0].kind; }, "/kind: required field is missing"],
  ["RoleBinding to a missing Role", (d) => { d[2].roleRef.name = "gone"; },
    "/roleRef/name: Role gone is not defined here"],
  ["SparkApplication: type Kotlin", (d) => { app(d).spec.type = "Kotlin"; },
    "/spec/type: must be equal to one of the allowed values"],
  ["SparkApplication: mode batch", (d) => { app(d).spec.mode = "batch"; }, "/spec/mode: must be"],
  ["SparkApplication: no mainApplicationFile", (d) => { delete app(d).spec.mainApplicationFile; },
    "/spec/mainApplicationFile: required field is missing"],
  ["SparkApplication: restartPolicy Sometimes",
    (d) => { app(d).spec.restartPolicy.type = "Sometimes"; }, "/spec/restartPolicy/type: must be"],
  ["SparkApplication: misspelt driver field", (d) => { app(d).spec.driver.coress = 2; },
    "/spec/driver/coress: unknown field"],
  ["SparkApplication: cores as text", (d) => { app(d).spec.executor.cores = "8"; },
    "/spec/executor/cores: must be integer"],
  ["SparkApplication: sparkConf value not a string",
    (d) => { app(d).spec.sparkConf["spark.authenticate"] = true; },
    "/spec/sparkConf/spark.authenticate: must be string"],
  ["SparkApplication: sparkConf key not a Spark property",
    (d) => { app(d).spec.sparkConf["ngrpo.run.steps"] = "1"; }, "/spec/sparkConf/ngrpo.run.steps: key"],
  ["SparkApplication: bad toleration",
    (d) => { app(d).spec.executor.tolerations[0].operator = "Maybe"; },
    "/spec/executor/tolerations/0/operator: must be equal to one of the allowed values"],
  ["SparkApplication: misspelt volume field", (d) => { app(d).spec.volumes[0].configMapp = {}; },
    "/spec/volumes/0/configMapp: unknown field"],
  ["SparkApplication: undefined ConfigMap", (d) => { app(d).spec.volumes[0].configMap.name = "x"; },
    "/spec/volumes/0/configMap/name: ConfigMap x is not defined here"],
  ["SparkApplication: run file not mounted",
    (d) => { app(d).spec.arguments[1] = "/etc/other/run.conf"; },
    "/spec/arguments/1: run file /etc/other/run.conf is in no ConfigMap or Secret volume"],
  ["SparkApplication: secret file not mounted in the executors",
    (d) => { app(d).spec.sparkConf["spark.authenticate.secret.file"] = "/etc/ngrpo/run.conf"; },
    "/spec/sparkConf/spark.authenticate.secret.file: /etc/ngrpo/run.conf is in no ConfigMap or"
      + " Secret volume mounted in the executor"],
];

function selfTest() {
  let passed = 0;
  let failed = 0;
  const result = (name, problem) => {
    if (problem === null) {
      passed++;
      console.log(`ok     ${name}`);
    } else {
      failed++;
      console.log(`FAILED ${name}: ${problem}`);
    }
  };
  for (const [name, change, expected] of SELF_TEST_CASES) {
    const docs = validBaseline();
    change(docs);
    const text = docs.map((d) => yaml.dump(d)).join("---\n");
    const { problems } = validateTexts([{ name: "self-test.yaml", text }]);
    if (expected === null) {
      result(name, problems.length === 0 ? null : `refused: ${problems.join(" | ")}`);
    } else if (problems.some((p) => p.startsWith("self-test.yaml: document ") && p.includes(expected))) {
      result(name, null);
    } else {
      result(name, `no problem containing '${expected}'; got: ${problems.join(" | ") || "none"}`);
    }
  }
  const { problems } = validateTexts([{ name: "broken.yaml", text: "kind: [Pod\n" }]);
  result("YAML that does not parse", problems.some((p) => p.startsWith("broken.yaml: YAML error"))
    ? null : `got: ${problems.join(" | ") || "none"}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log("usage: node validate.mjs [FILE_OR_FOLDER...] | --self-test");
  process.exit(0);
}
if (args.includes("--self-test")) {
  process.exit(args.length === 1 ? selfTest() : 2);
}
process.exit(validateTargets(args.length > 0 ? args : [path.join(here, "../kubernetes")]));
