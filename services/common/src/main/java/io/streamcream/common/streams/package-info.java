/**
 * Stream records ({@code streams} table, API document §2.1.3) as the services share them: the
 * record type, stream-key handling and the small interface through which the streaming service sets
 * the live state.
 */
package io.streamcream.common.streams;
