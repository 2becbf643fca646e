package dev.ngrpo.orchestrator.spark;

import com.esotericsoftware.kryo.Kryo;
import dev.ngrpo.core.data.kryo.WireRecords;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers the records that cross the wire, in the one ordered list of {@link WireRecords},
 * so Spark runs with {@code spark.kryo.registrationRequired=true}: an unregistered class is an
 * error, never a silent slow path.
 */
public final class NgrpoKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    WireRecords.register(kryo);
  }
}
