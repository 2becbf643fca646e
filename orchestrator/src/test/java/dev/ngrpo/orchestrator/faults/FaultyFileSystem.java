package dev.ngrpo.orchestrator.faults;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@code faulty://}, with faults injected by
 * configuration, for tests of what a run does when its storage or its driver fails:
 *
 * <ul>
 *   <li>{@code fs.faulty.halt-on} (regex on the path) and {@code fs.faulty.halt-after-bytes}:
 *       writing a matching file halts the JVM after that many bytes, with exit code 137 and no
 *       shutdown hooks or finally blocks, as {@code kill -9} would;
 *   <li>{@code fs.faulty.full-on} and {@code fs.faulty.full-after-bytes}: writing a matching
 *       file fails after that many bytes with "No space left on device";
 *   <li>{@code fs.faulty.deny-on}: creating a matching file or folder fails with "Permission
 *       denied";
 *   <li>{@code fs.faulty.keep-on}: deleting a matching file or folder that exists fails with
 *       "Permission denied".
 * </ul>
 * Spark settings reach it as {@code spark.hadoop.fs.faulty.*}, with
 * {@code spark.hadoop.fs.faulty.impl} naming this class and
 * {@code spark.hadoop.fs.faulty.impl.disable.cache = true} so each run reads its own rules.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
  /** The scheme. */
  public static final String SCHEME = "faulty";
  /** Exit code of a halted JVM (128 + SIGKILL). */
  public static final int HALT_CODE = 137;
  private static final URI ROOT = URI.create(SCHEME + ":///");

  private Rule halt = Rule.NONE;
  private Rule full = Rule.NONE;
  private Pattern deny;
  private Pattern keep;

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    halt = Rule.of(conf, "halt");
    full = Rule.of(conf, "full");
    String d = conf.get("fs.faulty.deny-on");
    deny = d == null ? null : Pattern.compile(d);
    String k = conf.get("fs.faulty.keep-on");
    keep = k == null ? null : Pattern.compile(k);
  }

  /** The {@code spark.hadoop.*} settings that register this file system, as HOCON. */
  public static String sparkConf(String... rules) {
    StringBuilder s = new StringBuilder("ngrpo.spark.conf {\n")
        .append("  \"spark.hadoop.fs.faulty.impl\" = \"").append(FaultyFileSystem.class.getName())
        .append("\"\n  \"spark.hadoop.fs.faulty.impl.disable.cache\" = true\n");
    for (int i = 0; i + 1 < rules.length; i += 2) {
      s.append("  \"spark.hadoop.fs.faulty.").append(rules[i]).append("\" = \"")
          .append(rules[i + 1].replace("\\", "\\\\")).append("\"\n");
    }
    return s.append("}\n").toString();
  }

  @Override
  public URI getUri() {
    return ROOT;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  protected OutputStream createOutputStreamWithMode(Path f, boolean append,
      FsPermission permission) throws IOException {
    checkAllowed(f);
    OutputStream out = super.createOutputStreamWithMode(f, append, permission);
    if (halt.matches(f)) {
      return new Countdown(out, halt.afterBytes, () -> Runtime.getRuntime().halt(HALT_CODE));
    }
    if (full.matches(f)) {
      return new Countdown(out, full.afterBytes, () -> {
        throw new IOException("No space left on device (injected while writing " + f + ")");
      });
    }
    return out;
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    checkAllowed(f);
    return super.mkdirs(f, permission);
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    checkAllowed(f);
    return super.mkdirs(f);
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    if (keep != null && keep.matcher(f.toString()).matches() && exists(f)) {
      throw new AccessDeniedException(f.toString(), null, "Permission denied (injected)");
    }
    return super.delete(f, recursive);
  }

  private void checkAllowed(Path f) throws IOException {
    if (deny != null && deny.matcher(f.toString()).matches()) {
      throw new AccessDeniedException(f.toString(), null, "Permission denied (injected)");
    }
  }

  private record Rule(Pattern path, long afterBytes) {
    static final Rule NONE = new Rule(null, 0);

    static Rule of(Configuration conf, String name) {
      String regex = conf.get("fs.faulty." + name + "-on");
      return regex == null ? NONE
          : new Rule(Pattern.compile(regex), conf.getLong("fs.faulty." + name + "-after-bytes", 0));
    }

    boolean matches(Path f) {
      return path != null && path.matcher(f.toString()).matches();
    }
  }

  /** What happens when a stream's byte budget runs out. */
  private interface Fault {
    void strike() throws IOException;
  }

  /** Passes bytes through until {@code budget} is spent, then strikes. */
  private static final class Countdown extends FilterOutputStream {
    private long budget;
    private final Fault fault;

    Countdown(OutputStream out, long budget, Fault fault) {
      super(out);
      this.budget = budget;
      this.fault = fault;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > budget) {
        out.write(b, off, (int) budget);
        out.flush();
        budget = 0;
        fault.strike();
      }
      out.write(b, off, len);
      budget -= len;
    }

    /** A file written to exactly its budget (an empty marker with budget 0) strikes too. */
    @Override
    public void close() throws IOException {
      try {
        if (budget == 0) {
          fault.strike();
        }
      } finally {
        super.close();
      }
    }
  }
}
