package dev.ngrpo.core.data.kryo;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

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

  static void writeBytes(Output out, byte[] a) {
    out.writeVarInt(a.length, true);
    out.writeBytes(a);
  }

  static byte[] readBytes(Input in) {
    return in.readBytes(in.readVarInt(true));
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
