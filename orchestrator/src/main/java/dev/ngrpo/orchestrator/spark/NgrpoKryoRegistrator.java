package dev.ngrpo.orchestrator.spark;

import com.esotericsoftware.kryo.Kryo;
import dev.ngrpo.core.data.kryo.WireRecords;
import java.util.List;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType$;
import org.apache.spark.sql.types.BooleanType$;
import org.apache.spark.sql.types.ByteType$;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.FloatType$;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType$;
import org.apache.spark.sql.types.ShortType$;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType$;
import org.apache.spark.sql.types.TimestampType$;
import org.apache.spark.sql.types.VarcharType;
import org.apache.spark.sql.types.YearMonthIntervalType;

/**
 * Registers the records that cross the wire, in the one ordered list of {@link WireRecords},
 * so Spark runs with {@code spark.kryo.registrationRequired=true}: an unregistered class is an
 * error, never a silent slow path.
 *
 * <p>It also registers the Spark SQL data types of {@link #SCHEMA_TYPES}. Reading a Parquet
 * dataset infers its schema in a Spark job whose task results are the files' schemas, which
 * Kryo serializes; Spark registers only the struct, string, integer, long, double, date and
 * decimal types itself, so a verl file's {@code prompt} column (an array of structs) failed
 * before the first step.
 */
public final class NgrpoKryoRegistrator implements KryoRegistrator {
  /** The data types a dataset's schema may hold that Spark does not register. */
  static final List<Class<?>> SCHEMA_TYPES = List.of(ArrayType.class, MapType.class,
      StringType.class, CharType.class, VarcharType.class, BooleanType$.class, ByteType$.class,
      ShortType$.class, FloatType$.class, BinaryType$.class, TimestampType$.class,
      TimestampNTZType$.class, NullType$.class, DayTimeIntervalType.class,
      YearMonthIntervalType.class);

  @Override
  public void registerClasses(Kryo kryo) {
    WireRecords.register(kryo);
    for (Class<?> type : SCHEMA_TYPES) {
      kryo.register(type);
    }
  }
}
