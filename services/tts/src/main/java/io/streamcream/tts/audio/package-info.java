/** Audio files: WAV encoding, storage with TTL, pitch shifting. */
package io.streamcream.tts.audio;
