/** Shared building blocks of every StreamCream service. */
package io.streamcream.common;
