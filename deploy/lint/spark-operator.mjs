// SparkApplication and ScheduledSparkApplication (sparkoperator.k8s.io/v1beta2): the operator's
// schema (sparkoperator-v1beta2.schema.json, where README.md says it comes from) with the
// Kubernetes types inside checked by kubernetes-models, then this project's rules for them.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2019 from "ajv/dist/2019.js";
import { KUBERNETES_TYPES, ajvProblems, kubernetesProblems, pointer } from "./kubernetes.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

export const SPARK_KINDS = new Map([
  ["sparkoperator.k8s.io/v1beta2/SparkApplication", "SparkApplication"],
  ["sparkoperator.k8s.io/v1beta2/ScheduledSparkApplication", "ScheduledSparkApplication"],
]);

const ajv = new Ajv2019({ allErrors: true });
ajv.addKeyword({
  keyword: "x-kubernetes-type",
  schemaType: "string",
  errors: true,
  validate: function kubernetesType(typeName, data, parentSchema, context) {
    const Model = KUBERNETES_TYPES.get(typeName);
    if (Model === undefined) {
      throw new Error(`the schema names ${typeName}, which kubernetes.mjs does not map`);
    }
    const problems = kubernetesProblems(Model, data, context.instancePath);
    kubernetesType.errors = problems.map((p) => ({
      keyword: "x-kubernetes-type", instancePath: p.path, params: {}, message: p.message,
    }));
    return problems.length === 0;
  },
});
ajv.addSchema(JSON.parse(fs.readFileSync(path.join(here, "sparkoperator-v1beta2.schema.json"),
  "utf8")), "sparkoperator");
const SCHEMAS = new Map([...SPARK_KINDS.values()].map(
  (kind) => [kind, ajv.getSchema(`sparkoperator#/$defs/${kind}`)]));

/**
 * The SparkApplication specs of a valid document with their paths: its spec, or a
 * ScheduledSparkApplication's spec.template.
 */
export function applicationSpecs(doc) {
  return doc.kind === "ScheduledSparkApplication"
    ? [{ spec: doc.spec.template, base: "/spec/template" }]
    : [{ spec: doc.spec, base: "/spec" }];
}

/** The container Spark runs in a pod template of {@code role}: the one named as the operator names it. */
export function sparkContainer(template, role) {
  const containers = template?.spec?.containers ?? [];
  return containers.find((c) => c.name === `spark-kubernetes-${role}`) ?? containers[0];
}

/** Problems of a Pod spec this project's pod templates must avoid. */
export function podSpecRuleProblems(spec, base) {
  const context = spec?.securityContext;
  if (context?.fsGroup !== undefined && context.fsGroupChangePolicy !== "OnRootMismatch") {
    return [{
      path: `${base}/securityContext/fsGroupChangePolicy`,
      message: "must be OnRootMismatch where fsGroup is set: otherwise the kubelet re-owns every"
        + " file of the shared volume at each pod start",
    }];
  }
  return [];
}

function trainArguments(spec) {
  return spec.arguments?.[0] === "train" ? spec.arguments : undefined;
}

/** This project's rules for a schema-valid SparkApplication spec at {@code base}. */
function specRuleProblems(spec, base, scheduled) {
  const problems = [];
  const at = (where, message) => problems.push({ path: `${base}${where}`, message });
  if (spec.mainApplicationFile === undefined) {
    at("/mainApplicationFile", "required field is missing (the operator has nothing to submit)");
  }
  for (const key of Object.keys(spec.sparkConf ?? {})) {
    if (!key.startsWith("spark.")) {
      at(`/sparkConf/${pointer(key)}`, "key is not a Spark property (spark.*): run settings"
        + " belong in the run file");
    }
  }
  if (spec.dynamicAllocation?.enabled === true) {
    at("/dynamicAllocation/enabled", "must not be true: training refuses dynamic allocation");
  }
  const train = trainArguments(spec);
  const restarts = ["OnFailure", "Always"].includes(spec.restartPolicy?.type);
  if (train && scheduled && !train.includes("--resume-or-start")) {
    at("/arguments", "a scheduled train must pass --resume-or-start: each run then continues"
      + " the same output folder, and exits 0 once the run is complete");
  } else if (train && restarts && !train.includes("--resume-or-start")
      && !train.includes("--resume")) {
    at("/arguments", `restartPolicy ${spec.restartPolicy.type} with a train that neither`
      + " resumes nor starts: a restart would refuse the output folder it left behind;"
      + " pass --resume-or-start");
  }
  for (const role of ["driver", "executor"]) {
    const template = spec[role]?.template;
    if (template !== undefined) {
      problems.push(...podSpecRuleProblems(template.spec, `${base}/${role}/template/spec`));
    }
  }
  return problems;
}

/** Schema problems, then rule problems, of a SparkApplication or ScheduledSparkApplication. */
export function sparkOperatorProblems(doc) {
  const kind = SPARK_KINDS.get(`${doc.apiVersion}/${doc.kind}`);
  const validate = SCHEMAS.get(kind);
  if (!validate(doc)) {
    return ajvProblems(validate.errors, "");
  }
  const problems = [];
  if (kind === "SparkApplication" && doc.spec.timeToLiveSeconds === undefined) {
    problems.push({
      path: "/spec/timeToLiveSeconds",
      message: "required field is missing: without it a finished SparkApplication, its driver"
        + " pod and its services stay until deleted by hand",
    });
  }
  if (kind === "ScheduledSparkApplication" && doc.spec.concurrencyPolicy !== "Forbid"
      && trainArguments(doc.spec.template)) {
    problems.push({
      path: "/spec/concurrencyPolicy",
      message: "must be Forbid for a scheduled train: a second run on the same output folder"
        + " while the last one runs would be refused by its lock and fail",
    });
  }
  for (const { spec, base } of applicationSpecs(doc)) {
    problems.push(...specRuleProblems(spec, base, kind === "ScheduledSparkApplication"));
  }
  return problems;
}
