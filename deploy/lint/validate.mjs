#!/usr/bin/env node
// Validates every YAML document under deploy/kubernetes (or the files and folders given):
//   - Kubernetes objects (Pod, which Spark pod templates are; ServiceAccount; Role;
//     RoleBinding; ConfigMap; PersistentVolumeClaim) against the Kubernetes schemas of
//     kubernetes-models, refusing fields those schemas do not know (kubernetes.mjs);
//   - SparkApplication and ScheduledSparkApplication (sparkoperator.k8s.io/v1beta2) against
//     the Spark operator's schema, sparkoperator-v1beta2.schema.json (its sources: README.md),
//     the Kubernetes types inside them (volumes, inline pod templates, ...) as above, and this
//     project's rules for them (spark-operator.mjs);
//   - the references between the documents, and that inline pod templates equal the
//     {driver,executor}-pod-template.yaml files beside them (references.mjs);
//   - that every Spark application's sparkConf agrees with the shared Spark properties file
//     (spark-properties.mjs): --spark-properties FILE, by default deploy/ngrpo-spark.properties
//     when it exists.
// Any other kind is an error. Exit status: 0 all valid; 1 problems, each on stderr naming file,
// document and field; 2 usage error.
//
//   node validate.mjs [--spark-properties FILE] [FILE_OR_FOLDER...]   default: ../kubernetes
//   node validate.mjs --self-test           broken documents must be refused, a valid set accepted
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { KUBERNETES_KINDS, isObject, kubernetesProblems } from "./kubernetes.mjs";
import { referenceProblems } from "./references.mjs";
import { selfTest } from "./self-test.mjs";
import { SPARK_KINDS, podSpecRuleProblems, sparkOperatorProblems } from "./spark-operator.mjs";
import { parseProperties, sparkPropertiesProblems } from "./spark-properties.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, "../..");
const SHARED_PROPERTIES = path.join(repositoryRoot, "deploy/ngrpo-spark.properties");
const KNOWN_KINDS = [...KUBERNETES_KINDS.keys(), ...SPARK_KINDS.keys()];

function kindOf(doc) {
  return `${doc.apiVersion}/${doc.kind}`;
}

/** Schema and rule problems of one document. */
function documentProblems(doc) {
  if (!isObject(doc)) {
    return [{ path: "", message: "a document must be a mapping (a Kubernetes object)" }];
  }
  const missing = ["apiVersion", "kind"].filter((k) => typeof doc[k] !== "string");
  if (missing.length > 0) {
    return missing.map((k) => ({ path: `/${k}`, message: "required field is missing" }));
  }
  if (SPARK_KINDS.has(kindOf(doc))) {
    return sparkOperatorProblems(doc);
  }
  const Model = KUBERNETES_KINDS.get(kindOf(doc));
  if (Model === undefined) {
    return [{
      path: "/kind",
      message: `unknown kind ${kindOf(doc)}: this validator knows ${KNOWN_KINDS.join(", ")}`,
    }];
  }
  const problems = kubernetesProblems(Model, doc, "");
  if (problems.length === 0 && doc.kind === "Pod") {
    problems.push(...podSpecRuleProblems(doc.spec, "/spec"));
  }
  return problems;
}

/**
 * Validates YAML texts ({name, text}); returns the checked documents and the problems, each
 * problem a line naming file, document and field. {@code sparkProperties}, when given, is
 * {name, text} of the Spark properties every application's sparkConf must agree with.
 */
export function validateTexts(files, sparkProperties) {
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
  const later = referenceProblems(entries);
  if (sparkProperties !== undefined) {
    const properties = parseProperties(sparkProperties.text);
    for (const entry of entries.filter((e) => e.valid && SPARK_KINDS.has(kindOf(e.doc)))) {
      sparkPropertiesProblems(entry.doc, properties, sparkProperties.name)
        .forEach((p) => later.push({ entry, ...p }));
    }
  }
  later.forEach((p) => {
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

const relative = (file) => path.relative(repositoryRoot, path.resolve(file));

function validateTargets(targets, propertiesFile) {
  for (const t of [...targets, ...(propertiesFile ? [propertiesFile] : [])]) {
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
  let sparkProperties;
  const shared = propertiesFile ?? (fs.existsSync(SHARED_PROPERTIES) ? SHARED_PROPERTIES : null);
  if (shared === null) {
    console.log(`spark properties: ${relative(SHARED_PROPERTIES)} does not exist; sparkConf`
      + " not compared");
  } else {
    sparkProperties = { name: relative(shared), text: fs.readFileSync(shared, "utf8") };
    console.log(`spark properties: every sparkConf compared with ${sparkProperties.name}`);
  }
  const { entries, problems } = validateTexts(files.map((f) => ({
    name: relative(f),
    text: fs.readFileSync(f, "utf8"),
  })), sparkProperties);
  for (const e of entries) {
    console.log(`${e.valid ? "valid  " : "INVALID"} ${e.file}: document ${e.number} (${e.label})`);
  }
  problems.forEach((p) => console.error(p));
  console.log(`${entries.length} documents in ${files.length} files: `
    + (problems.length === 0 ? "all valid" : `${problems.length} problems`));
  return problems.length === 0 ? 0 : 1;
}

function main(args) {
  if (args.includes("--help") || args.includes("-h")) {
    console.log("usage: node validate.mjs [--spark-properties FILE] [FILE_OR_FOLDER...]"
      + " | --self-test");
    return 0;
  }
  if (args.includes("--self-test")) {
    return args.length === 1 ? selfTest(validateTexts) : 2;
  }
  let propertiesFile;
  const targets = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--spark-properties") {
      propertiesFile = args[++i];
      if (propertiesFile === undefined) {
        console.error("validate.mjs: --spark-properties needs a file");
        return 2;
      }
    } else if (args[i].startsWith("-")) {
      console.error(`validate.mjs: unknown option ${args[i]}`);
      return 2;
    } else {
      targets.push(args[i]);
    }
  }
  return validateTargets(targets.length > 0 ? targets : [path.join(here, "../kubernetes")],
    propertiesFile);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(main(process.argv.slice(2)));
}
