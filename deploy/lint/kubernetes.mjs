// Kubernetes objects checked against the schemas of kubernetes-models (generated from the
// Kubernetes OpenAPI), plus a check for fields those schemas do not know: they let unknown
// fields through, and the API server drops a misspelt one with at most a warning.
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { IngressTLS } from "kubernetes-models/networking.k8s.io/v1/IngressTLS";
import { Affinity } from "kubernetes-models/v1/Affinity";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Container } from "kubernetes-models/v1/Container";
import { EnvFromSource } from "kubernetes-models/v1/EnvFromSource";
import { EnvVar } from "kubernetes-models/v1/EnvVar";
import { HostAlias } from "kubernetes-models/v1/HostAlias";
import { Lifecycle } from "kubernetes-models/v1/Lifecycle";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Pod } from "kubernetes-models/v1/Pod";
import { PodDNSConfig } from "kubernetes-models/v1/PodDNSConfig";
import { PodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import { PodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import { SecurityContext } from "kubernetes-models/v1/SecurityContext";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Toleration } from "kubernetes-models/v1/Toleration";
import { Volume } from "kubernetes-models/v1/Volume";
import { VolumeMount } from "kubernetes-models/v1/VolumeMount";

/** Top-level kinds, by apiVersion/kind. */
export const KUBERNETES_KINDS = new Map([
  ["v1/Pod", Pod],
  ["v1/ServiceAccount", ServiceAccount],
  ["v1/ConfigMap", ConfigMap],
  ["v1/PersistentVolumeClaim", PersistentVolumeClaim],
  ["rbac.authorization.k8s.io/v1/Role", Role],
  ["rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding],
]);

/** The types the Spark operator's schema refers to with "x-kubernetes-type", by name. */
export const KUBERNETES_TYPES = new Map(Object.entries({
  Affinity, Container, EnvFromSource, EnvVar, HostAlias, IngressTLS, Lifecycle, PodDNSConfig,
  PodSecurityContext, PodTemplateSpec, SecurityContext, Toleration, Volume, VolumeMount,
}));

export const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
export const pointer = (key) => String(key).replaceAll("~", "~0").replaceAll("/", "~1");

/** Problems of a failed ajv validation, one per field, paths under {@code base}. */
export function ajvProblems(errors, base) {
  const byPath = new Map();
  for (const e of errors) {
    if (e.keyword === "propertyNames" || e.keyword === "$ref") {
      continue; // the error inside names the key or the field; this one only repeats it
    }
    let where = base + e.instancePath;
    let message = e.message;
    if (e.keyword === "x-kubernetes-type") {
      where = e.instancePath; // already a full path, from kubernetesProblems
    } else if (e.propertyName !== undefined) {
      where += `/${pointer(e.propertyName)}`;
      message = `key ${message}`;
    } else if (e.keyword === "additionalProperties") {
      where += `/${pointer(e.params.additionalProperty)}`;
      message = "unknown field (not in the schema)";
    } else if (e.keyword === "unevaluatedProperties") {
      where += `/${pointer(e.params.unevaluatedProperty)}`;
      message = "unknown field (not in the schema)";
    } else if (e.keyword === "required") {
      where += `/${pointer(e.params.missingProperty)}`;
      message = "required field is missing";
    } else if (e.keyword === "enum") {
      message += `: ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    } else if (e.keyword === "const") {
      message += `: ${JSON.stringify(e.params.allowedValue)}`;
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
export function kubernetesProblems(Model, value, base) {
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
