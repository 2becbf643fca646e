// The self-test of validate.mjs: a valid set of documents must be accepted, and each broken
// variant of it refused for the stated reason.
import yaml from "js-yaml";

const podTemplate = (role, extra) => ({
  apiVersion: "v1", kind: "Pod",
  metadata: { labels: { "app.kubernetes.io/component": role } },
  spec: {
    securityContext: { runAsUser: 185, fsGroup: 185, fsGroupChangePolicy: "OnRootMismatch" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    containers: [{
      name: `spark-kubernetes-${role}`,
      resources: { limits: { "nvidia.com/gpu": 1 } },
      volumeMounts: [{ name: "auth", mountPath: "/etc/spark-auth", readOnly: true }],
    }],
    volumes: [{ name: "auth", secret: { secretName: "auth" } }],
    ...extra,
  },
});

const inline = (pod) => structuredClone({ metadata: pod.metadata, spec: pod.spec });

/** The valid set: file name -> documents. */
function validBaseline() {
  const driver = podTemplate("driver", { serviceAccountName: "sa" });
  driver.spec.containers[0].volumeMounts.push({ name: "run", mountPath: "/etc/ngrpo" });
  driver.spec.volumes.push({ name: "run", configMap: { name: "run" } });
  const executor = podTemplate("executor", { automountServiceAccountToken: false });
  const appSpec = () => ({
    type: "Java", mode: "cluster", sparkVersion: "4.2.0", mainClass: "a.B",
    mainApplicationFile: "local:///opt/app.jar",
    arguments: ["train", "/etc/ngrpo/run.conf", "--resume-or-start"],
    sparkConf: {
      "spark.authenticate": "true", "spark.authenticate.secret.file": "/etc/spark-auth/secret",
    },
    restartPolicy: { type: "OnFailure", onFailureRetries: 3 },
    driver: { cores: 1, memory: "1g", serviceAccount: "sa", template: inline(driver) },
    executor: { instances: 1, cores: 1, memory: "1g", template: inline(executor) },
  });
  return {
    "self-test/rbac.yaml": [
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
    ],
    "self-test/configmap.yaml": [{
      apiVersion: "v1", kind: "ConfigMap", metadata: { name: "run", namespace: "ns" },
      data: { "run.conf": "ngrpo.run.steps = 1\n" },
    }],
    "self-test/driver-pod-template.yaml": [driver],
    "self-test/executor-pod-template.yaml": [executor],
    "self-test/sparkapplication.yaml": [{
      apiVersion: "sparkoperator.k8s.io/v1beta2", kind: "SparkApplication",
      metadata: { name: "app", namespace: "ns" },
      spec: { ...appSpec(), timeToLiveSeconds: 3600 },
    }],
    "self-test/scheduled.yaml": [{
      apiVersion: "sparkoperator.k8s.io/v1beta2", kind: "ScheduledSparkApplication",
      metadata: { name: "nightly", namespace: "ns" },
      spec: { schedule: "0 2 * * *", concurrencyPolicy: "Forbid", template: appSpec() },
    }],
  };
}

// The shared Spark properties of the baseline (deploy/ngrpo-spark.properties in the real set).
const PROPERTIES = "# shared\nspark.authenticate = true\nspark.executor.cores: 1\n";

const file = (name) => (docs) => docs[`self-test/${name}.yaml`];
const pod = (docs) => file("driver-pod-template")(docs)[0];
const app = (docs) => file("sparkapplication")(docs)[0];
const scheduled = (docs) => file("scheduled")(docs)[0];

// [case, change to the valid baseline (docs, properties holder), text a problem must contain
// (null: there must be none)]
const CASES = [
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
    "/spec/containers/0/volumeMounts/2/name: no volume named data is declared"],
  ["Pod: unknown service account", (d) => { pod(d).spec.serviceAccountName = "other"; },
    "/spec/serviceAccountName: ServiceAccount other is not defined here"],
  ["Pod: fsGroup without fsGroupChangePolicy OnRootMismatch",
    (d) => { delete pod(d).spec.securityContext.fsGroupChangePolicy; },
    "(Pod (unnamed)): /spec/securityContext/fsGroupChangePolicy: must be OnRootMismatch"],
  ["unknown kind", (d) => { file("rbac")(d).push({ apiVersion: "apps/v1", kind: "Deployment" }); },
    "/kind: unknown kind apps/v1/Deployment"],
  ["document without kind", (d) => { delete file("rbac")(d)[0].kind; },
    "/kind: required field is missing"],
  ["RoleBinding to a missing Role", (d) => { file("rbac")(d)[2].roleRef.name = "gone"; },
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
  ["SparkApplication: a driver-only field on the executor",
    (d) => { app(d).spec.executor.podName = "x"; }, "/spec/executor/podName: unknown field"],
  ["SparkApplication: cores as text", (d) => { app(d).spec.executor.cores = "8"; },
    "/spec/executor/cores: must be integer"],
  ["SparkApplication: no timeToLiveSeconds", (d) => { delete app(d).spec.timeToLiveSeconds; },
    "/spec/timeToLiveSeconds: required field is missing"],
  ["SparkApplication: sparkConf value not a string",
    (d) => { app(d).spec.sparkConf["spark.authenticate"] = true; },
    "/spec/sparkConf/spark.authenticate: must be string"],
  ["SparkApplication: sparkConf key not a Spark property",
    (d) => { app(d).spec.sparkConf["ngrpo.run.steps"] = "1"; }, "/spec/sparkConf/ngrpo.run.steps: key"],
  ["SparkApplication: dynamic allocation on",
    (d) => { app(d).spec.dynamicAllocation = { enabled: true }; },
    "/spec/dynamicAllocation/enabled: must not be true"],
  ["SparkApplication: restarts with a train that does not resume",
    (d) => { app(d).spec.arguments.pop(); }, "/spec/arguments: restartPolicy OnFailure"],
  ["SparkApplication: bad toleration in the inline template",
    (d) => { app(d).spec.executor.template.spec.tolerations[0].operator = "Maybe"; },
    "/spec/executor/template/spec/tolerations/0/operator: must be equal to one of the allowed"],
  ["SparkApplication: misspelt field in the inline template",
    (d) => { app(d).spec.driver.template.spec.containers[0].volumeMount = []; },
    "/spec/driver/template/spec/containers/0/volumeMount: unknown field"],
  ["SparkApplication: inline template without fsGroupChangePolicy",
    (d) => { delete app(d).spec.driver.template.spec.securityContext.fsGroupChangePolicy; },
    "/spec/driver/template/spec/securityContext/fsGroupChangePolicy: must be OnRootMismatch"],
  ["SparkApplication: inline template drifted from the file",
    (d) => { app(d).spec.executor.template.spec.tolerations[0].key = "gpu"; },
    "/spec/executor/template/spec/tolerations/0/key: differs from"
      + " self-test/executor-pod-template.yaml (\"gpu\" here, \"nvidia.com/gpu\" in the file)"],
  ["SparkApplication: file changed, inline template not",
    (d) => { pod(d).spec.terminationGracePeriodSeconds = 180; },
    "/spec/driver/template/spec/terminationGracePeriodSeconds: differs from"
      + " self-test/driver-pod-template.yaml (nothing here, 180 in the file)"],
  ["SparkApplication: inline template missing beside a template file",
    (d) => { delete app(d).spec.executor.template; },
    "/spec/executor/template: missing: self-test/executor-pod-template.yaml is the executor"],
  ["SparkApplication: misspelt volume field", (d) => {
    app(d).spec.volumes = [{ name: "v", configMapp: {} }];
  }, "/spec/volumes/0/configMapp: unknown field"],
  ["SparkApplication: undefined ConfigMap in the inline template",
    (d) => { app(d).spec.driver.template.spec.volumes[1].configMap.name = "x"; },
    "/spec/driver/template/spec/volumes/1/configMap/name: ConfigMap x is not defined here"],
  ["SparkApplication: run file not mounted",
    (d) => { app(d).spec.arguments[1] = "/etc/other/run.conf"; },
    "/spec/arguments/1: run file /etc/other/run.conf is in no ConfigMap or Secret volume"],
  ["SparkApplication: secret file not mounted in the executors",
    (d) => { app(d).spec.sparkConf["spark.authenticate.secret.file"] = "/etc/ngrpo/run.conf"; },
    "/spec/sparkConf/spark.authenticate.secret.file: /etc/ngrpo/run.conf is in no ConfigMap or"
      + " Secret volume mounted in the executor"],
  ["ScheduledSparkApplication: misspelt field", (d) => { scheduled(d).spec.schedul = "x"; },
    "(ScheduledSparkApplication nightly): /spec/schedul: unknown field"],
  ["ScheduledSparkApplication: concurrencyPolicy Sometimes",
    (d) => { scheduled(d).spec.concurrencyPolicy = "Sometimes"; },
    "/spec/concurrencyPolicy: must be equal to one of the allowed values"],
  ["ScheduledSparkApplication: concurrent runs allowed",
    (d) => { scheduled(d).spec.concurrencyPolicy = "Allow"; },
    "/spec/concurrencyPolicy: must be Forbid for a scheduled train"],
  ["ScheduledSparkApplication: train without --resume-or-start",
    (d) => { scheduled(d).spec.template.arguments[2] = "--resume"; },
    "/spec/template/arguments: a scheduled train must pass --resume-or-start"],
  ["ScheduledSparkApplication: misspelt field in the template",
    (d) => { scheduled(d).spec.template.executor.instance = 2; },
    "/spec/template/executor/instance: unknown field"],
  ["ScheduledSparkApplication: inline template drifted from the file",
    (d) => { scheduled(d).spec.template.driver.template.metadata.labels.x = "y"; },
    "/spec/template/driver/template/metadata/labels/x: differs from"],
  ["spark properties: sparkConf disagrees with the shared file",
    (d) => { app(d).spec.sparkConf["spark.authenticate"] = "false"; },
    "/spec/sparkConf/spark.authenticate: \"false\" here, but shared.properties:2 sets"
      + " spark.authenticate to \"true\""],
  ["spark properties: a field disagrees with the shared file",
    (d) => { app(d).spec.executor.cores = 2; },
    "/spec/executor/cores: \"2\" here, but shared.properties:3 sets spark.executor.cores"],
  ["spark properties: sparkConf lacks a key of the shared file",
    (d, p) => { p.text += "spark.io.encryption.enabled=true\n"; },
    "(ScheduledSparkApplication nightly): /spec/template/sparkConf: lacks"
      + " spark.io.encryption.enabled, which shared.properties:4 sets"],
  ["spark properties: keys the shared file lacks are not compared",
    (d) => { app(d).spec.sparkConf["spark.ui.enabled"] = "false"; }, null],
];

/** Runs the cases with {@code validateTexts} of validate.mjs; returns the exit status. */
export function selfTest(validateTexts) {
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
  for (const [name, change, expected] of CASES) {
    const docs = validBaseline();
    const properties = { name: "shared.properties", text: PROPERTIES };
    change(docs, properties);
    const files = Object.entries(docs).map(([file, list]) => ({
      name: file, text: list.map((d) => yaml.dump(d)).join("---\n"),
    }));
    const { problems } = validateTexts(files, properties);
    if (expected === null) {
      result(name, problems.length === 0 ? null : `refused: ${problems.join(" | ")}`);
    } else if (problems.some((p) => p.startsWith("self-test/") && p.includes(expected))) {
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
