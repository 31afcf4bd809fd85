/** Streaming service (port 8888): browser stream to RTMP. */
package io.streamcream.streaming;
