package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.orchestrator.weights.WeightTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ngrpo.weights} section.
 *
 * @param transport the configured transport, or empty for {@code auto}
 * @param mergeAdapters with LoRA, whether executors merge each version's adapters into a
 *     working copy ({@code adapters = merged}) or apply them while decoding ({@code unmerged})
 */
public record WeightsSettings(Optional<WeightTransport> transport, boolean mergeAdapters) {
  private static final String AUTO = "auto";

  /** Reads and validates the section. */
  public static WeightsSettings from(Config root) {
    Settings w = Settings.of(root, "ngrpo.weights");
    boolean merge = w.oneOf("adapters", List.of("merged", "unmerged")).equals("merged");
    String name = w.string("transport");
    if (name.equals(AUTO)) {
      return new WeightsSettings(Optional.empty(), merge);
    }
    if (!WeightTransport.BY_NAME.contains(name)) {
      List<String> known = new ArrayList<>(List.of(AUTO));
      known.addAll(WeightTransport.BY_NAME.names());
      throw w.bad("transport", "must be one of " + known + ", got '" + name + "'");
    }
    return new WeightsSettings(Optional.of(WeightTransport.BY_NAME.get(name)), merge);
  }

  /**
   * The transport this run uses under {@code master} for a policy of {@code parameters}
   * parameters: the configured one, checked ({@link WeightTransport#check}), or what
   * {@link WeightTransport#auto} picks.
   */
  public WeightTransport transportUnder(String master, boolean localMaster, long parameters) {
    return transport.map(t -> {
      t.check(master, localMaster, parameters);
      return t;
    }).orElseGet(() -> WeightTransport.auto(master, localMaster, parameters));
  }
}
