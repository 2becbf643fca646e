package dev.ngrpo.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The one gate for the element type of a tensor the code chooses at run time: every cast
 * ({@link #cast}) goes through here, and so does any other choice of a type that is not a
 * literal ({@link #require}).
 *
 * <p>DJL 0.36's PyTorch engine maps no BFloat16 type in its JNI: creating a BF16 NDArray or
 * casting to one aborts the whole JVM ("terminate called without an active exception", exit
 * 134) instead of throwing, so no caller could report it and a Spark executor would simply
 * vanish. Here BF16 is refused with an exception before such an NDArray can exist. BF16
 * checkpoints never need one: readers widen them to float32 on the host, exactly (a bf16 value
 * is the upper half of a float32), and parameters are float32 ({@link PolicyModel#dtype()}).
 * {@code TensorTypesTest} also fails when any main source outside this class names BF16 or
 * casts by itself.
 */
public final class TensorTypes {
  private TensorTypes() {}

  /** Whether the engine can hold tensors of {@code type}: every type but BF16. */
  public static boolean engineHolds(DataType type) {
    return type != DataType.BFLOAT16;
  }

  /**
   * {@code type}, when the engine can hold it.
   *
   * @param what the tensor about to be made, for the message
   * @throws IllegalArgumentException for BF16, naming {@code what}
   */
  public static DataType require(DataType type, String what) {
    if (!engineHolds(type)) {
      throw new IllegalArgumentException(what + ": the PyTorch engine of DJL 0.36 has no " + type
          + " tensors (creating one aborts the JVM); widen the values to float32 on the host");
    }
    return type;
  }

  /**
   * {@code a} as {@code type}: {@code a.toType(type, false)}, a new array unless the type is
   * already {@code type}, after {@link #require}.
   */
  public static NDArray cast(NDArray a, DataType type) {
    return a.toType(require(type, "a cast of a " + a.getDataType() + " " + a.getShape()), false);
  }
}
