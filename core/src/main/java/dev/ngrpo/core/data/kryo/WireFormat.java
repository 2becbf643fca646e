package dev.ngrpo.core.data.kryo;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;

/** Length-prefixed primitive arrays, the building blocks of every record serializer. */
final class WireFormat {
  private WireFormat() {}

  static void writeInts(Output out, int[] a) {
    out.writeVarInt(a.length, true);
    out.writeInts(a);
  }

  static int[] readInts(Input in) {
    return in.readInts(in.readVarInt(true));
  }

  static void writeFloats(Output out, float[] a) {
    out.writeVarInt(a.length, true);
    out.writeFloats(a);
  }

  static float[] readFloats(Input in) {
    return in.readFloats(in.readVarInt(true));
  }

  static void writeDoubles(Output out, double[] a) {
    out.writeVarInt(a.length, true);
    out.writeDoubles(a);
  }

  static double[] readDoubles(Input in) {
    return in.readDoubles(in.readVarInt(true));
  }

  /** Bytes copied through a heap chunk at a time, for buffers off the heap. */
  static final int CHUNK_BYTES = 1 << 16;

  /** The bytes of {@code b} from its position to its limit (heap or direct; unchanged). */
  static void writeBuffer(Output out, ByteBuffer b) {
    ByteBuffer src = b.duplicate();
    out.writeVarInt(src.remaining(), true);
    if (src.hasArray()) {
      out.writeBytes(src.array(), src.arrayOffset() + src.position(), src.remaining());
      return;
    }
    byte[] chunk = new byte[Math.min(CHUNK_BYTES, src.remaining())];
    while (src.hasRemaining()) {
      int n = Math.min(chunk.length, src.remaining());
      src.get(chunk, 0, n);
      out.writeBytes(chunk, 0, n);
    }
  }

  /**
   * Bytes {@link #writeBuffer} wrote, into a new direct buffer: a large payload stays off the
   * heap, where it would otherwise be one more copy beside the serialized pieces it came in.
   */
  static ByteBuffer readDirectBuffer(Input in) {
    int length = in.readVarInt(true);
    ByteBuffer b = ByteBuffer.allocateDirect(length);
    byte[] chunk = new byte[Math.min(CHUNK_BYTES, length)];
    while (b.hasRemaining()) {
      int n = Math.min(chunk.length, b.remaining());
      in.readBytes(chunk, 0, n);
      b.put(chunk, 0, n);
    }
    return b.flip();
  }

  static void writeBooleans(Output out, boolean[] a) {
    out.writeVarInt(a.length, true);
    for (boolean b : a) {
      out.writeBoolean(b);
    }
  }

  static boolean[] readBooleans(Input in) {
    boolean[] a = new boolean[in.readVarInt(true)];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readBoolean();
    }
    return a;
  }

  static void writeIntRows(Output out, int[][] rows) {
    out.writeVarInt(rows.length, true);
    for (int[] r : rows) {
      writeInts(out, r);
    }
  }

  static int[][] readIntRows(Input in) {
    int[][] rows = new int[in.readVarInt(true)][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = readInts(in);
    }
    return rows;
  }

  static void writeFloatRows(Output out, float[][] rows) {
    out.writeVarInt(rows.length, true);
    for (float[] r : rows) {
      writeFloats(out, r);
    }
  }

  static float[][] readFloatRows(Input in) {
    float[][] rows = new float[in.readVarInt(true)][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = readFloats(in);
    }
    return rows;
  }

  static void writeStrings(Output out, String[] a) {
    out.writeVarInt(a.length, true);
    for (String s : a) {
      out.writeString(s);
    }
  }

  static String[] readStrings(Input in) {
    String[] a = new String[in.readVarInt(true)];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readString();
    }
    return a;
  }
}
