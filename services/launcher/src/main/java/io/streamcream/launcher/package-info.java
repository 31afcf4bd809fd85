/** One JVM serving every StreamCream port. */
package io.streamcream.launcher;
