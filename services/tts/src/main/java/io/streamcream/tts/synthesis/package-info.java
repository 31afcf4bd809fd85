/** Synthesis backends: remote GPT-SoVITS endpoints (and, later, the in-process runtime). */
package io.streamcream.tts.synthesis;
