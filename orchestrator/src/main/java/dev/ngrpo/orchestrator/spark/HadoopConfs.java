package dev.ngrpo.orchestrator.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * Hadoop configurations that carry Spark's {@code spark.hadoop.*} properties (credentials and
 * endpoints of s3a://, HDFS settings), the same on the driver and on executors.
 */
public final class HadoopConfs {
  private HadoopConfs() {}

  /** Hadoop's defaults plus {@code conf}'s {@code spark.hadoop.*} properties. */
  public static Configuration of(SparkConf conf) {
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> kv : conf.getAll()) {
      if (kv._1().startsWith("spark.hadoop.")) {
        hadoop.set(kv._1().substring("spark.hadoop.".length()), kv._2());
      }
    }
    return hadoop;
  }

  /** The configuration of this executor (or driver) JVM's Spark environment. */
  public static Configuration ofThisJvm() {
    SparkEnv env = SparkEnv.get();
    return env == null ? new Configuration() : of(env.conf());
  }
}
