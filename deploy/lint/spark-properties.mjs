// The Spark settings every submission shares live in deploy/ngrpo-spark.properties, which
// spark-submit reads (--properties-file); the Spark operator cannot read it, so a
// SparkApplication repeats them in sparkConf. These functions find where the two disagree.
import { pointer } from "./kubernetes.mjs";
import { applicationSpecs } from "./spark-operator.mjs";

/**
 * The entries of a Java properties text (java.util.Properties.load): comments with # or !,
 * key and value split at the first unescaped =, : or blank, a trailing backslash continuing
 * the line. Returns Map key -> {value, line}; a key given twice keeps its last value.
 */
export function parseProperties(text) {
  const entries = new Map();
  const lines = text.split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    let logical = lines[i].replace(/^[ \t\f]+/, "");
    if (logical === "" || logical.startsWith("#") || logical.startsWith("!")) {
      continue;
    }
    while (/(^|[^\\])(\\\\)*\\$/.test(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + lines[++i].replace(/^[ \t\f]+/, "");
    }
    let k = 0;
    while (k < logical.length && !/[=: \t\f]/.test(logical[k])) {
      k += logical[k] === "\\" ? 2 : 1;
    }
    const key = unescape(logical.slice(0, k));
    let rest = logical.slice(k).replace(/^[ \t\f]*/, "");
    if (rest.startsWith("=") || rest.startsWith(":")) {
      rest = rest.slice(1).replace(/^[ \t\f]*/, "");
    }
    entries.set(key, { value: unescape(rest), line: number });
  }
  return entries;
}

function unescape(text) {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c) => {
    if (c.length === 5) {
      return String.fromCharCode(parseInt(c.slice(1), 16));
    }
    return { t: "\t", n: "\n", r: "\r", f: "\f" }[c] ?? c;
  });
}

// SparkApplication fields the operator turns into these Spark properties.
const FIELD_PROPERTIES = [
  ["image", "spark.kubernetes.container.image"],
  ["dynamicAllocation/enabled", "spark.dynamicAllocation.enabled"],
  ["driver/cores", "spark.driver.cores"],
  ["driver/coreLimit", "spark.kubernetes.driver.limit.cores"],
  ["driver/coreRequest", "spark.kubernetes.driver.request.cores"],
  ["driver/memory", "spark.driver.memory"],
  ["driver/memoryOverhead", "spark.driver.memoryOverhead"],
  ["driver/javaOptions", "spark.driver.extraJavaOptions"],
  ["driver/serviceAccount", "spark.kubernetes.authenticate.driver.serviceAccountName"],
  ["executor/instances", "spark.executor.instances"],
  ["executor/cores", "spark.executor.cores"],
  ["executor/coreLimit", "spark.kubernetes.executor.limit.cores"],
  ["executor/coreRequest", "spark.kubernetes.executor.request.cores"],
  ["executor/memory", "spark.executor.memory"],
  ["executor/memoryOverhead", "spark.executor.memoryOverhead"],
  ["executor/javaOptions", "spark.executor.extraJavaOptions"],
  ["executor/deleteOnTermination", "spark.kubernetes.executor.deleteOnTermination"],
];

/** Spark property -> {value, path under the spec}: sparkConf, then the fields above. */
function effectiveConf(spec) {
  const conf = new Map(Object.entries(spec.sparkConf ?? {}).map(
    ([key, value]) => [key, { value, path: `/sparkConf/${pointer(key)}` }]));
  for (const [field, key] of FIELD_PROPERTIES) {
    const value = field.split("/").reduce((v, part) => v?.[part], spec);
    if (value !== undefined) {
      conf.set(key, { value, path: `/${field}` });
    }
  }
  return conf;
}

const normal = (value) => {
  const text = String(value).trim();
  return /^(true|false)$/i.test(text) ? text.toLowerCase() : text;
};

/**
 * Problems where a SparkApplication (or a ScheduledSparkApplication's template) disagrees with
 * the properties {@code properties} of file {@code file}: a key the file sets that the
 * application lacks or sets to another value. Keys the file lacks are not compared.
 */
export function sparkPropertiesProblems(doc, properties, file) {
  const problems = [];
  for (const { spec, base } of applicationSpecs(doc)) {
    const conf = effectiveConf(spec);
    for (const [key, { value, line }] of properties) {
      const mine = conf.get(key);
      if (mine === undefined) {
        problems.push({
          path: `${base}/sparkConf`,
          message: `lacks ${key}, which ${file}:${line} sets to ${JSON.stringify(value)}`
            + " for every submission: add it",
        });
      } else if (normal(mine.value) !== normal(value)) {
        problems.push({
          path: `${base}${mine.path}`,
          message: `${JSON.stringify(String(mine.value))} here, but ${file}:${line} sets ${key}`
            + ` to ${JSON.stringify(value)} for every submission`,
        });
      }
    }
  }
  return problems;
}
