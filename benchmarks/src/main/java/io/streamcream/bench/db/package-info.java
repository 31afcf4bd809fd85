/** Benchmarks of the embedded H2 database's file behaviour under sustained writes. */
package io.streamcream.bench.db;
