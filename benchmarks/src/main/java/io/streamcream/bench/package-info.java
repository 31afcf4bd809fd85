/** Benchmarks and the load, fault and security suite runner (not part of the test run); shared helpers. */
package io.streamcream.bench;
