/**
 * Stream records (§2.1.3) owned by their user: {@code /api/streams}. The live state is set by the
 * streaming service through {@link io.streamcream.common.streams.StreamRecords}.
 */
package io.streamcream.login.streams;
