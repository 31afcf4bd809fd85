/** HTTP faces of the stream TTS service. */
package io.streamcream.tts.http;
