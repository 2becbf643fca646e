"""Nightly ngrpo-spark training from Apache Airflow: two DAGs, enable the one for your cluster.

ngrpo_train_spark_submit
    YARN or a standalone cluster, through SparkSubmitOperator with the settings of
    deploy/submit.sh: those of deploy/ngrpo-spark.properties (as --conf, so that the
    cluster's spark-defaults.conf still applies; JVM options appended to its), the main class
    dev.ngrpo.cli.Main, the run file shipped with --files, and the arguments
    ``train RUN_FILE --resume-or-start``. The master comes from the Airflow connection
    (``spark_ngrpo``: host ``yarn``, or ``spark://MASTER:7077``).
ngrpo_train_kubernetes
    Kubernetes, through SparkKubernetesOperator creating the SparkApplication of
    deploy/kubernetes/sparkapplication.yaml (which runs the same train --resume-or-start).

Every run resumes the same output folder (ngrpo.run.output in the run file), so a night's run,
an Airflow retry and a manual trigger all do the right thing: a new run in an empty folder, the
run continued from its newest checkpoint, or exit 0 at once when it is complete.
max_active_runs=1 keeps two runs from sharing the folder. Exit codes of train: 0 done or
complete; 1 failed, retried (the retry resumes); 2 configuration error, not retried where
Airflow can see it (README.md says where it cannot). Airflow is not installed where this file
is checked: deploy/check.sh compiles it with python3 -m py_compile, a syntax check only.
Paths and names come from the environment of the Airflow workers (NGRPO_*, below).
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from pathlib import Path

from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

# A checkout of this repository on the Airflow workers, the application jar built from it
# (mvn -B package -Dgpu) and the run file; ngrpo.run.output in the run file is the folder every
# run resumes.
REPOSITORY = Path(os.environ.get("NGRPO_HOME", "/opt/ngrpo-spark"))
APP_JAR = os.environ.get(
    "NGRPO_APP_JAR", str(REPOSITORY / "dist/target/ngrpo-spark-app-0.1.0-SNAPSHOT.jar"))
RUN_FILE = Path(os.environ.get("NGRPO_RUN_FILE", str(REPOSITORY / "deploy/yarn/run.conf")))
SPARK_CONNECTION = os.environ.get("NGRPO_SPARK_CONNECTION", "spark_ngrpo")
KUBERNETES_CONNECTION = os.environ.get("NGRPO_KUBERNETES_CONNECTION", "kubernetes_default")

DEFAULT_ARGS = {
    "owner": "ngrpo",
    # A retry submits again, which resumes from the last checkpoint.
    "retries": 3,
    "retry_delay": timedelta(minutes=15),
    "retry_exponential_backoff": True,
}

# Both DAGs: 02:00 every night, one run at a time (they share the output folder), no backfill.
NIGHTLY = {
    "schedule": "0 2 * * *",
    "start_date": datetime(2026, 1, 1),
    "catchup": False,
    "max_active_runs": 1,
    "default_args": DEFAULT_ARGS,
}

# train's exit status 2 (configuration error) as SparkSubmitHook reports spark-submit's.
CONFIGURATION_ERROR = re.compile(r"Error code is: 2\.")


def read_properties(path: Path) -> dict[str, str]:
    """The entries of a Java properties file (key, then '=', ':' or blanks, then the value)."""
    entries: dict[str, str] = {}
    if not path.is_file():
        return entries
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#!":
            continue
        match = re.match(r"([^=:\s]+)\s*[=:\s]\s*(.*)", line)
        if match:
            entries[match.group(1)] = match.group(2)
    return entries


# The cluster's spark-defaults.conf: spark-submit loads it (no --properties-file is given), and
# the JVM options below are appended to its instead of replacing them.
SPARK_DEFAULTS = read_properties(Path(os.environ.get(
    "SPARK_CONF_DIR", os.path.join(os.environ.get("SPARK_HOME", "/opt/spark"), "conf")))
    / "spark-defaults.conf")
# pom.xml's jvm.flags: the module openings a standalone Worker's cluster-mode driver lacks.
JVM_FLAGS = " ".join(re.findall(r"<jvm.flags>(.*)</jvm.flags>",
                                (REPOSITORY / "pom.xml").read_text()))
DJL = "-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"


def appended(key: str, ours: str) -> str:
    """The cluster's value of a JVM options key with ours after it."""
    return " ".join(part for part in (SPARK_DEFAULTS.get(key, ""), JVM_FLAGS, ours) if part)


class TrainSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that fails without retries on a configuration error (exit 2)."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowFailException:
            raise
        except AirflowException as error:
            if CONFIGURATION_ERROR.search(str(error)):
                raise AirflowFailException(
                    f"configuration error (exit 2), not retried: fix it first. {error}"
                ) from error
            raise


with DAG(
    dag_id="ngrpo_train_spark_submit",
    description="ngrpo-spark train --resume-or-start on YARN or a standalone cluster",
    **NIGHTLY,
    tags=["ngrpo"],
):
    TrainSubmitOperator(
        task_id="train",
        conn_id=SPARK_CONNECTION,
        deploy_mode="cluster",
        application=APP_JAR,
        java_class="dev.ngrpo.cli.Main",
        name="ngrpo-train",
        # In cluster mode the driver reads the shipped copy from its working folder.
        files=str(RUN_FILE),
        application_args=["train", RUN_FILE.name, "--resume-or-start"],
        # The sizes and GPU settings of deploy/yarn/README.md; the cluster's own, to adapt.
        num_executors=4,
        executor_cores=8,
        executor_memory="24g",
        driver_memory="32g",
        conf={
            # The Spark settings every submission shares (Kryo, no dynamic allocation,
            # authentication and encryption, ...), as deploy/submit.sh passes them.
            **read_properties(REPOSITORY / "deploy/ngrpo-spark.properties"),
            "spark.driver.cores": "8",
            "spark.driver.memoryOverhead": "16g",
            "spark.executor.memoryOverhead": "16g",
            "spark.driver.resource.gpu.amount": "1",
            "spark.executor.resource.gpu.amount": "1",
            "spark.task.resource.gpu.amount": "1",
            "spark.task.cpus": "8",
            "spark.driver.extraJavaOptions": appended("spark.driver.extraJavaOptions", DJL),
            "spark.executor.extraJavaOptions": appended(
                "spark.executor.extraJavaOptions", DJL + " -Dai.djl.pytorch.num_threads=8"),
        },
    )

with DAG(
    dag_id="ngrpo_train_kubernetes",
    description="ngrpo-spark train --resume-or-start as a SparkApplication",
    **NIGHTLY,
    template_searchpath=[str(REPOSITORY / "deploy/kubernetes")],
    tags=["ngrpo"],
):
    SparkKubernetesOperator(
        task_id="train",
        kubernetes_conn_id=KUBERNETES_CONNECTION,
        namespace="ngrpo",
        # Read from template_searchpath; its spec runs train /etc/ngrpo/run.conf
        # --resume-or-start with the operator's own restarts (restartPolicy).
        application_file="sparkapplication.yaml",
        # Each try creates its SparkApplication under a new name and deletes it at the end.
        random_name_suffix=True,
        delete_on_termination=True,
        get_logs=True,
        reattach_on_restart=True,
    )
