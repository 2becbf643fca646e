// Checks between the documents of one validation: mounts name declared volumes; ConfigMaps,
// claims, service accounts and roles referred to are defined; the run file and the
// authentication secret file a Spark application reads are mounted where it reads them; and
// the pod templates a SparkApplication carries inline equal the pod template files beside it.
import path from "node:path";
import { pointer } from "./kubernetes.mjs";
import { applicationSpecs, sparkContainer } from "./spark-operator.mjs";

const ROLES = ["driver", "executor"];
// A Pod in a file of this name is the pod template of that role for its folder.
const POD_TEMPLATE_FILE = /^(driver|executor)-pod-template\.ya?ml$/;

/** The files that configMap and secret volumes make appear through {@code mounts}. */
function mountedFiles(volumes, mounts, definedConfigMap) {
  const files = new Set();
  const folders = [];
  for (const mount of mounts) {
    const volume = volumes.find((v) => v.name === mount.name);
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

/** The first place where {@code actual} differs from {@code expected}, or null. */
function firstDifference(expected, actual, where = "") {
  const show = (v) => (v === undefined ? "nothing" : JSON.stringify(v).slice(0, 80));
  if (expected === actual) {
    return null;
  }
  const bothObjects = expected !== null && actual !== null && typeof expected === "object"
    && typeof actual === "object" && Array.isArray(expected) === Array.isArray(actual);
  if (!bothObjects) {
    return { path: where, what: `${show(actual)} here, ${show(expected)} in the file` };
  }
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  if (Array.isArray(expected) && expected.length !== actual.length) {
    return { path: where, what: `${actual.length} items here, ${expected.length} in the file` };
  }
  for (const key of keys) {
    const difference = firstDifference(expected[key], actual[key], `${where}/${pointer(key)}`);
    if (difference !== null) {
      return difference;
    }
  }
  return null;
}

/** Problems of references between the valid ones of {@code entries}. */
export function referenceProblems(entries) {
  const valid = entries.filter((e) => e.valid);
  const docs = valid.map((e) => e.doc);
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

  function checkPodSpec(entry, spec, base, namespace) {
    checkVolumes(entry, spec?.volumes, `${base}/volumes`, (spec?.containers ?? []).map(
      (c, i) => [`${base}/containers/${i}/volumeMounts`, c.volumeMounts]), namespace);
    checkServiceAccount(entry, `${base}/serviceAccountName`, spec?.serviceAccountName, namespace);
  }

  // pod template files by folder and role
  const podTemplates = new Map();
  for (const entry of valid.filter((e) => e.doc.kind === "Pod")) {
    const match = POD_TEMPLATE_FILE.exec(path.basename(entry.file));
    if (match) {
      podTemplates.set(`${path.dirname(entry.file)}|${match[1]}`, entry);
    }
  }

  function checkApplication(entry, spec, base, namespace) {
    checkVolumes(entry, spec.volumes, `${base}/volumes`, ROLES.map(
      (role) => [`${base}/${role}/volumeMounts`, spec[role].volumeMounts]), namespace);
    const configMap = (name) => defined("ConfigMap", name, namespace);
    const mounted = {};
    for (const role of ROLES) {
      const part = spec[role];
      checkServiceAccount(entry, `${base}/${role}/serviceAccount`, part.serviceAccount, namespace);
      if (part.template !== undefined) {
        checkPodSpec(entry, part.template.spec, `${base}/${role}/template/spec`, namespace);
      }
      // what the Spark container sees: the application's volumes and mounts, and its template's
      mounted[role] = mountedFiles(
        [...(spec.volumes ?? []), ...(part.template?.spec?.volumes ?? [])],
        [...(part.volumeMounts ?? []), ...(sparkContainer(part.template, role)?.volumeMounts ?? [])],
        configMap);
      const file = podTemplates.get(`${path.dirname(entry.file)}|${role}`);
      if (file === undefined) {
        continue;
      }
      const expected = { metadata: file.doc.metadata, spec: file.doc.spec };
      if (part.template === undefined) {
        at(entry, `${base}/${role}/template`, `missing: ${file.file} is the ${role} pod template`
          + " of this folder; copy its metadata and spec here");
      } else {
        const difference = firstDifference(expected, part.template);
        if (difference !== null) {
          at(entry, `${base}/${role}/template${difference.path}`, `differs from ${file.file}`
            + ` (${difference.what}): keep the inline template and the file equal`);
        }
      }
    }
    const runFile = spec.arguments?.[1];
    if (spec.arguments?.[0] === "train" && runFile?.startsWith("/") && !mounted.driver(runFile)) {
      at(entry, `${base}/arguments/1`,
        `run file ${runFile} is in no ConfigMap or Secret volume mounted in the driver`);
    }
    const secretFiles = [
      ["spark.authenticate.secret.file", ROLES],
      ["spark.authenticate.secret.driver.file", ["driver"]],
      ["spark.authenticate.secret.executor.file", ["executor"]],
    ];
    for (const [key, roles] of secretFiles) {
      const file = spec.sparkConf?.[key];
      for (const role of roles) {
        if (file !== undefined && !mounted[role](file)) {
          at(entry, `${base}/sparkConf/${pointer(key)}`,
            `${file} is in no ConfigMap or Secret volume mounted in the ${role}`);
        }
      }
    }
  }

  for (const entry of valid) {
    const { doc } = entry;
    const namespace = doc.metadata?.namespace;
    if (doc.kind === "Pod") {
      checkPodSpec(entry, doc.spec, "/spec", namespace);
    } else if (doc.kind === "RoleBinding") {
      if (doc.roleRef.kind === "Role" && defined("Role", doc.roleRef.name, namespace) === undefined) {
        at(entry, "/roleRef/name", `Role ${doc.roleRef.name} is not defined here`);
      }
      (doc.subjects ?? []).forEach((s, i) => {
        if (s.kind === "ServiceAccount") {
          checkServiceAccount(entry, `/subjects/${i}/name`, s.name, s.namespace ?? namespace);
        }
      });
    } else if (doc.kind === "SparkApplication" || doc.kind === "ScheduledSparkApplication") {
      for (const { spec, base } of applicationSpecs(doc)) {
        checkApplication(entry, spec, base, namespace);
      }
    }
  }
  return problems;
}
