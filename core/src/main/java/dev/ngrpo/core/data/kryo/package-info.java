/**
 * Kryo serializers of the {@code data} records, registered in one ordered list. Imports Kryo
 * (the version Spark brings) and {@code data}; never Spark itself.
 */
package dev.ngrpo.core.data.kryo;
