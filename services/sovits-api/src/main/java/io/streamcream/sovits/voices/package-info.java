/** Voices, references and the current choices of the GPT-SoVITS service. */
package io.streamcream.sovits.voices;
