/**
 * The in-process FFmpeg pipeline (JavaCPP): browser chunks in, FLV over RTMP out. Every native
 * context is owned by exactly one {@link java.lang.AutoCloseable} and touched only by the thread of
 * its {@link io.streamcream.streaming.media.Pipeline}.
 */
package io.streamcream.streaming.media;
