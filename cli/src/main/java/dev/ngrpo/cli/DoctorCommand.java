package dev.ngrpo.cli;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import dev.ngrpo.orchestrator.train.Provenance;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ngrpo doctor}: what this JVM will run with. Loading the PyTorch engine also extracts
 * libtorch into DJL's cache, which is how container images pre-extract it at build time.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Prints the versions (build commit, Spark, DJL, PyTorch, Java), the GPUs the"
        + " PyTorch engine sees, DJL's cache folder and offline mode, and the libtorch"
        + " environment variables. Loads the engine, so it also extracts libtorch into the"
        + " cache: run it when building an image so pods never download anything."})
public final class DoctorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    Map<String, String> p = Provenance.now();
    p.forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
    Engine engine = Engine.getInstance();
    System.out.printf("%-22s %d%n", "gpus", engine.getGpuCount());
    System.out.printf("%-22s %s%n", "djl cache", Utils.getEngineCacheDir());
    System.out.printf("%-22s %s%n", "ai.djl.offline", System.getProperty("ai.djl.offline",
        "(unset: DJL may try to download; bin/ngrpo and deploy/submit.sh set it)"));
    System.out.printf("%-22s %s%n", "torch threads", System.getProperty(
        "ai.djl.pytorch.num_threads", "engine default"));
    for (String env : new String[] {"PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
        "SPARK_HOME", "SPARK_LOCAL_IP"}) {
      System.out.printf("%-22s %s%n", env, System.getenv().getOrDefault(env, "(unset)"));
    }
    return 0;
  }
}
