/** Speech text from a topic, written by the user's own LLM. */
package io.streamcream.tts.speech;
