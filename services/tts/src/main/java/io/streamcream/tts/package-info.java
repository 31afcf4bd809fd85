/** Stream TTS service (port 5001): speech text, synthesis, audio files, mouth timeline. */
package io.streamcream.tts;
