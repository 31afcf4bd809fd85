/** Logging support. */
package io.streamcream.common.logging;
